#include "crypto/ed25519_comb.h"

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "core/check.h"

namespace credchain::crypto::ed25519_comb {

using fe25519::Add;
using fe25519::Fe;
using fe25519::Mul;
using fe25519::Sq;
using fe25519::Sub;

namespace {

struct CurveConstants {
  Fe d;        // -121665 / 121666
  Fe d2;       // 2d
  Fe sqrt_m1;  // 2^((p - 1) / 4), a square root of -1
};

const CurveConstants& Constants() {
  static const CurveConstants c = [] {
    CurveConstants k;
    k.d = fe25519::Neg(Mul(fe25519::Small(121665), fe25519::Invert(fe25519::Small(121666))));
    k.d2 = Add(k.d, k.d);
    // 2 is not a square mod p, so 2^((p - 1) / 4) squares to -1; (p - 1) / 4 = 2·(2^252 - 3) + 1.
    const Fe two = fe25519::Small(2);
    k.sqrt_m1 = Mul(Sq(fe25519::PowP58(two)), two);
    CHECK(fe25519::Equal(Sq(k.sqrt_m1), fe25519::Neg(fe25519::One())));
    return k;
  }();
  return c;
}

// Extended coordinates: x = X/Z, y = Y/Z, x·y = T/Z.
struct P3 {
  Fe X, Y, Z, T;
};

// A projective point as additions take it: Y + X, Y - X, Z, 2d·T.
struct Cached {
  Fe y_plus_x, y_minus_x, z, t2d;
};

P3 Identity() { return P3{fe25519::Zero(), fe25519::One(), fe25519::One(), fe25519::Zero()}; }

Cached ToCached(const P3& p) {
  return Cached{Add(p.Y, p.X), Sub(p.Y, p.X), p.Z, Mul(p.T, Constants().d2)};
}

// Hisil–Wong–Carter–Dawson unified addition for a = -1 (complete: d is not a square mod p).
// a, b, c carried (products); d = 2·Z, not carried (AddNoCarry of a carried Z). Every sum and
// difference here is an operand of Mul only, so none is carried (fe25519.h gives the bounds).
P3 Finish(const Fe& a, const Fe& b, const Fe& c, const Fe& d, bool subtract) {
  using fe25519::AddNoCarry;
  using fe25519::SubNoCarry;
  const Fe e = SubNoCarry(b, a);
  const Fe h = AddNoCarry(b, a);
  const Fe f = subtract ? AddNoCarry(d, c) : SubNoCarry(d, c);
  const Fe g = subtract ? SubNoCarry(d, c) : AddNoCarry(d, c);
  return P3{Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h)};
}

// The coordinates of a P3 are always carried: products, or the carried values of Decompress and
// Identity.
P3 AddCached(const P3& p, const Cached& q) {
  const Fe a = Mul(fe25519::SubNoCarry(p.Y, p.X), q.y_minus_x);
  const Fe b = Mul(fe25519::AddNoCarry(p.Y, p.X), q.y_plus_x);
  const Fe c = Mul(p.T, q.t2d);
  const Fe zz = Mul(p.Z, q.z);
  return Finish(a, b, c, fe25519::AddNoCarry(zz, zz), false);
}

// p + q, or p - q with `subtract` (-q swaps y + x and y - x and negates 2d·x·y).
P3 AddEntry(const P3& p, const CombTable::Entry& q, bool subtract) {
  const Fe a = Mul(fe25519::SubNoCarry(p.Y, p.X), subtract ? q.y_plus_x : q.y_minus_x);
  const Fe b = Mul(fe25519::AddNoCarry(p.Y, p.X), subtract ? q.y_minus_x : q.y_plus_x);
  const Fe c = Mul(p.T, q.xy2d);
  return Finish(a, b, c, fe25519::AddNoCarry(p.Z, p.Z), subtract);
}

P3 Double(const P3& p) {
  const Fe a = Sq(p.X);
  const Fe b = Sq(p.Y);
  const Fe zz = Sq(p.Z);
  const Fe c = Add(zz, zz);
  const Fe h = Add(a, b);
  const Fe e = Sub(h, Sq(Add(p.X, p.Y)));
  const Fe g = Sub(a, b);
  const Fe f = Add(c, g);
  return P3{Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h)};
}

// The point `s` encodes (sign bit included), negated with `negate`; false if y has no x.
bool Decompress(const uint8_t* s, bool negate, P3& out) {
  const CurveConstants& k = Constants();
  const Fe y = fe25519::FromBytes(s);
  const Fe y2 = Sq(y);
  const Fe u = Sub(y2, fe25519::One());
  const Fe v = Add(Mul(y2, k.d), fe25519::One());
  // x = u·v^3·(u·v^7)^((p - 5) / 8), a root of u/v up to a factor sqrt(-1).
  const Fe v3 = Mul(Sq(v), v);
  const Fe v7 = Mul(Sq(v3), v);
  Fe x = Mul(Mul(u, v3), fe25519::PowP58(Mul(u, v7)));
  const Fe vx2 = Mul(v, Sq(x));
  if (!fe25519::Equal(vx2, u)) {
    if (!fe25519::Equal(vx2, fe25519::Neg(u))) return false;
    x = Mul(x, k.sqrt_m1);
  }
  if (fe25519::IsNegative(x) != static_cast<bool>(s[31] >> 7)) x = fe25519::Neg(x);
  if (negate) x = fe25519::Neg(x);
  out = P3{x, y, fe25519::One(), Mul(x, y)};
  return true;
}

// The N signed digits in [-2^(W-1), 2^(W-1)) of radix 2^W of a scalar below 2^253 (N·W >= 256:
// the top window holds at most five bits of the scalar, so no carry is left over).
template <int W, int N>
std::array<int8_t, N> SignedDigits(const uint8_t* scalar) {
  static_assert(N * W >= 256 && W <= 8);
  std::array<int8_t, N> e{};
  int carry = 0;
  for (int i = 0; i < N; ++i) {
    const int bit = i * W;
    // The window's bits, from the (up to) two bytes it spans; bits past 255 are zero.
    const unsigned lo = scalar[bit / 8];
    const unsigned hi = bit / 8 + 1 < 32 ? scalar[bit / 8 + 1] : 0;
    const int window = static_cast<int>(((lo | (hi << 8)) >> (bit % 8)) & ((1u << W) - 1));
    const int digit = window + carry;
    carry = digit >= (1 << (W - 1)) ? 1 : 0;
    e[i] = static_cast<int8_t>(digit - (carry << W));
  }
  return e;
}

using KeyDigits = std::array<int8_t, CombTable::kDigits>;

// A key table's signed base-64 digits.
KeyDigits Digits(const uint8_t* scalar) {
  return SignedDigits<CombTable::kWindow, CombTable::kDigits>(scalar);
}

// The multiples (j + 1)·2^(step·i)·P for i < rows, j < cols, row by row.
std::vector<P3> RowMultiples(P3 base, int rows, int cols, int step) {
  std::vector<P3> points(static_cast<size_t>(rows * cols));
  for (int i = 0; i < rows; ++i) {
    const Cached add_base = ToCached(base);
    points[i * cols] = base;
    for (int j = 1; j < cols; ++j)
      points[i * cols + j] = AddCached(points[i * cols + j - 1], add_base);
    if (i + 1 < rows) {
      for (int n = 0; n < step; ++n) base = Double(base);
    }
  }
  return points;
}

// acc + digit·E, for `row` the entries E, 2E, 3E, ... of a table (either kind).
P3 AddDigit(const P3& acc, const CombTable::Entry* row, int digit) {
  if (digit == 0) return acc;
  const bool negative = digit < 0;
  return AddEntry(acc, row[(negative ? -digit : digit) - 1], negative);
}

// Σ digit_i·64^i·P over a key's scalar's digits = 64·Σ_odd digit_i·4096^((i-1)/2)·P +
// Σ_even digit_i·4096^(i/2)·P: each digit adds an entry of row i / 2 of P's table.
P3 CombSum(const CombTable& table, const KeyDigits& digits) {
  P3 acc = Identity();
  for (int i = 1; i < CombTable::kDigits; i += 2) {
    acc = AddDigit(acc, &table.at(i / 2, 0), digits[i]);
  }
  for (int n = 0; n < CombTable::kWindow; ++n) acc = Double(acc);
  for (int i = 0; i < CombTable::kDigits; i += 2) {
    acc = AddDigit(acc, &table.at(i / 2, 0), digits[i]);
  }
  return acc;
}

// The encoding of `p`, given z_inv = 1/Z.
void EncodeWith(const P3& p, const Fe& z_inv, uint8_t* out) {
  const Fe x = Mul(p.X, z_inv);
  const Fe y = Mul(p.Y, z_inv);
  fe25519::ToBytes(out, y);
  out[31] = static_cast<uint8_t>(out[31] | (fe25519::IsNegative(x) ? 0x80 : 0));
}

void Encode(const P3& p, uint8_t* out) { EncodeWith(p, fe25519::Invert(p.Z), out); }

// The inverses of every point's Z with one inversion (Montgomery's trick): prefix products
// forward, then one inverse of the whole product unwound backwards. Nullopt if some Z is zero,
// which the complete addition formulas never produce from curve points.
std::optional<std::vector<Fe>> InvertZs(std::span<const P3> points) {
  if (points.empty()) return std::vector<Fe>();
  std::vector<Fe> prefix(points.size());
  prefix[0] = points[0].Z;
  for (size_t n = 1; n < points.size(); ++n) prefix[n] = Mul(prefix[n - 1], points[n].Z);
  if (fe25519::IsZero(prefix.back())) return std::nullopt;
  Fe inverse = fe25519::Invert(prefix.back());  // 1 / (Z_0 ··· Z_n), n from the end down
  std::vector<Fe> out(points.size());
  for (size_t n = points.size(); n-- > 0;) {
    out[n] = n == 0 ? inverse : Mul(inverse, prefix[n - 1]);
    if (n > 0) inverse = Mul(inverse, points[n].Z);
  }
  return out;
}

// B's table is one per process, so it can afford a wider window than a key's: signed digits
// in [-2^(w-1), 2^(w-1)) of radix 2^w, with (j + 1)·2^(w·i)·B for j < 2^(w-1) in row i, take
// ceil(253 / w) additions for [s]B instead of a key table's 43 and 6 doublings.
constexpr int kBaseWindow = 8;
constexpr int kBaseRows = (253 + kBaseWindow - 1) / kBaseWindow;
constexpr int kBaseCols = 1 << (kBaseWindow - 1);

struct BaseTableEntries {
  CombTable::Entry entries[kBaseRows][kBaseCols];
};

// The base point: y = 4/5, x even.
constexpr uint8_t kBasePoint[32] = {
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

// The affine entries of `points` (one inversion for all), as mixed additions take them; false
// if some Z is zero.
bool ToEntries(std::span<const P3> points, CombTable::Entry* out) {
  const std::optional<std::vector<Fe>> z_inv = InvertZs(points);
  if (!z_inv) return false;
  const Fe& d2 = Constants().d2;
  for (size_t n = 0; n < points.size(); ++n) {
    const Fe x = Mul(points[n].X, (*z_inv)[n]);
    const Fe y = Mul(points[n].Y, (*z_inv)[n]);
    out[n] = CombTable::Entry{Add(y, x), Sub(y, x), Mul(Mul(x, y), d2)};
  }
  return true;
}

const BaseTableEntries& BaseTable() {
  static const std::unique_ptr<const BaseTableEntries> table = [] {
    P3 base;
    CHECK(Decompress(kBasePoint, false, base));
    const std::vector<P3> points = RowMultiples(base, kBaseRows, kBaseCols, kBaseWindow);
    auto out = std::make_unique<BaseTableEntries>();
    CHECK(ToEntries(points, &out->entries[0][0]));
    return std::unique_ptr<const BaseTableEntries>(std::move(out));
  }();
  return *table;
}

// B's table's digits.
std::array<int8_t, kBaseRows> BaseDigits(const uint8_t* scalar) {
  return SignedDigits<kBaseWindow, kBaseRows>(scalar);
}

// An entry is 120 bytes: two or three cache lines.
void Prefetch(const CombTable::Entry& entry) {
  const char* p = reinterpret_cast<const char*>(&entry);
  __builtin_prefetch(p);
  __builtin_prefetch(p + 64);
  __builtin_prefetch(p + sizeof(CombTable::Entry) - 1);
}

// acc + Σ digits_i·256^i·B.
P3 AddBaseSum(P3 acc, const std::array<int8_t, kBaseRows>& digits) {
  const BaseTableEntries& b = BaseTable();
  for (int i = 0; i < kBaseRows; ++i) acc = AddDigit(acc, b.entries[i], digits[i]);
  return acc;
}

}  // namespace

std::unique_ptr<const CombTable> CombTable::Build(const uint8_t* encoded, bool negate) {
  P3 base;
  if (!Decompress(encoded, negate, base)) return nullptr;
  // Rows of 4096^i·P.
  const std::vector<P3> points = RowMultiples(base, kRows, kCols, 2 * kWindow);
  // One inversion for all 704 points. The formulas are complete on this curve, so no Z
  // vanishes; were one to, the caller falls back to the verification without a table rather
  // than the node stopping.
  auto table = std::unique_ptr<CombTable>(new CombTable());
  if (!ToEntries(points, &table->entries_[0][0])) return nullptr;
  return table;
}

namespace {

// [s]B + [h]N, unencoded.
P3 EquationSum(const CombTable& neg_a, const uint8_t* s, const uint8_t* h) {
  const BaseTableEntries& b = BaseTable();
  const std::array<int8_t, kBaseRows> es = BaseDigits(s);
  const KeyDigits eh = Digits(h);
  // The digits name every entry the sum adds: start their loads now, so that the cache misses
  // of a key's table (one of up to 512, 82.5 KiB each) and of B's (480 KiB) overlap.
  for (int i = 0; i < CombTable::kDigits; ++i) {
    if (eh[i] != 0) Prefetch(neg_a.at(i / 2, std::abs(eh[i]) - 1));
  }
  for (int i = 0; i < kBaseRows; ++i) {
    if (es[i] != 0) Prefetch(b.entries[i][std::abs(es[i]) - 1]);
  }
  return AddBaseSum(CombSum(neg_a, eh), es);
}

}  // namespace

bool EquationHolds(const CombTable& neg_a, const uint8_t* r, const uint8_t* s, const uint8_t* h) {
  uint8_t encoded[32];
  Encode(EquationSum(neg_a, s, h), encoded);
  return std::memcmp(encoded, r, 32) == 0;
}

void EquationsHold(std::span<const Equation> eqs, std::span<uint8_t> holds) {
  CHECK(holds.size() == eqs.size());
  std::vector<P3> sums;
  sums.reserve(eqs.size());
  for (const Equation& eq : eqs) sums.push_back(EquationSum(*eq.neg_a, eq.s, eq.h));
  const std::optional<std::vector<Fe>> z_inv = InvertZs(sums);
  for (size_t i = 0; i < eqs.size(); ++i) {
    uint8_t encoded[32];
    // Unreachable without z_inv (no Z vanishes), but then each is encoded as EquationHolds does.
    z_inv ? EncodeWith(sums[i], (*z_inv)[i], encoded) : Encode(sums[i], encoded);
    holds[i] = std::memcmp(encoded, eqs[i].r, 32) == 0 ? 1 : 0;
  }
}

void BaseMultiply(const uint8_t* s, uint8_t* out) {
  Encode(AddBaseSum(Identity(), BaseDigits(s)), out);
}

}  // namespace credchain::crypto::ed25519_comb
