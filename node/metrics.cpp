#include "node/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/check.h"

namespace credchain::node {

namespace {

enum MetricType : int { kCounterType = 0, kGaugeType = 1, kHistogramType = 2 };

std::string_view TypeName(int type) {
  switch (type) {
    case kCounterType:
      return "counter";
    case kGaugeType:
      return "gauge";
    default:
      return "histogram";
  }
}

// The text format escapes backslash and newline in HELP text, and also the double quote in a
// label value.
std::string EscapeExpositionText(std::string_view text, bool escape_quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && escape_quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

bool IsNameChar(char c, bool first, bool allow_colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (allow_colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

// Appends `{k="v",...}` (plus an optional extra label) or nothing when there are no labels.
void AppendLabels(std::string& out, const MetricLabels& labels, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    out += EscapeLabelValue(value);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

void AppendSample(std::string& out, std::string_view name, std::string_view suffix,
                  const MetricLabels& labels, double value, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  out += name;
  out += suffix;
  AppendLabels(out, labels, extra_name, extra_value);
  out += ' ';
  out += FormatSampleValue(value);
  out += '\n';
}

}  // namespace

void Counter::Add(double amount) {
  if (!(amount > 0.0)) return;  // also drops NaN
  value_.fetch_add(amount, std::memory_order_relaxed);
}

void Gauge::Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> upper_bounds) : upper_bounds_(std::move(upper_bounds)) {
  for (size_t i = 0; i < upper_bounds_.size(); ++i) {
    CHECK(std::isfinite(upper_bounds_[i]));
    CHECK(i == 0 || upper_bounds_[i - 1] < upper_bounds_[i]);
  }
  buckets_ = std::make_unique<std::atomic<uint64_t>[]>(upper_bounds_.size() + 1);
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const auto it = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  buckets_[size_t(it - upper_bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

uint64_t Histogram::CumulativeCount(size_t i) const {
  CHECK(i <= upper_bounds_.size());
  uint64_t total = 0;
  for (size_t k = 0; k <= i; ++k) total += buckets_[k].load(std::memory_order_relaxed);
  return total;
}

std::vector<double> DefaultLatencyBucketsSeconds() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
}

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  int type = kCounterType;
  struct Series {
    MetricLabels labels;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  std::vector<Series> series;

  Series& NewSeries(MetricLabels labels) {
    for (const auto& [label, value] : labels) {
      CHECK(IsValidLabelName(label));
      CHECK(label != "le" || type != kHistogramType);
    }
    for (const Series& s : series) CHECK(s.labels != labels);  // registered twice
    series.push_back(Series{std::move(labels), nullptr, nullptr, nullptr});
    return series.back();
  }
};

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help,
                                                    int type) {
  CHECK(IsValidMetricName(name));
  for (auto& family : families_) {
    if (family->name == name) {
      CHECK(family->type == type);  // one name, one type
      return *family;
    }
  }
  auto family = std::make_unique<Family>();
  family->name = std::string(name);
  family->help = std::string(help);
  family->type = type;
  families_.push_back(std::move(family));
  return *families_.back();
}

Counter& MetricsRegistry::AddCounter(std::string_view name, std::string_view help,
                                     MetricLabels labels) {
  std::lock_guard lock(mu_);
  auto& series = FamilyFor(name, help, kCounterType).NewSeries(std::move(labels));
  series.counter = std::make_unique<Counter>();
  return *series.counter;
}

Gauge& MetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                                 MetricLabels labels) {
  std::lock_guard lock(mu_);
  auto& series = FamilyFor(name, help, kGaugeType).NewSeries(std::move(labels));
  series.gauge = std::make_unique<Gauge>();
  return *series.gauge;
}

Histogram& MetricsRegistry::AddHistogram(std::string_view name, std::string_view help,
                                         std::vector<double> upper_bounds, MetricLabels labels) {
  std::lock_guard lock(mu_);
  auto& series = FamilyFor(name, help, kHistogramType).NewSeries(std::move(labels));
  series.histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *series.histogram;
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& family : families_) {
    out += "# HELP " + family->name + ' ' + EscapeHelp(family->help) + '\n';
    out += "# TYPE " + family->name + ' ' + std::string(TypeName(family->type)) + '\n';
    for (const auto& s : family->series) {
      if (s.counter) AppendSample(out, family->name, "", s.labels, s.counter->Value());
      if (s.gauge) AppendSample(out, family->name, "", s.labels, s.gauge->Value());
      if (!s.histogram) continue;
      const Histogram& h = *s.histogram;
      // Read buckets first and derive the +Inf bucket from them, so the rendered buckets are
      // monotonic even while other threads observe.
      uint64_t cumulative = 0;
      for (size_t i = 0; i < h.upper_bounds().size(); ++i) {
        cumulative = std::max(cumulative, h.CumulativeCount(i));
        AppendSample(out, family->name, "_bucket", s.labels, double(cumulative), "le",
                     FormatSampleValue(h.upper_bounds()[i]));
      }
      const uint64_t total = std::max(cumulative, h.CumulativeCount(h.upper_bounds().size()));
      AppendSample(out, family->name, "_bucket", s.labels, double(total), "le", "+Inf");
      AppendSample(out, family->name, "_sum", s.labels, h.Sum());
      AppendSample(out, family->name, "_count", s.labels, double(total));
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view help) { return EscapeExpositionText(help, false); }

std::string EscapeLabelValue(std::string_view value) { return EscapeExpositionText(value, true); }

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<int64_t>(value));
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, result.ptr);
}

bool IsValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, /*allow_colon=*/true)) return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || name.starts_with("__")) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, /*allow_colon=*/false)) return false;
  }
  return true;
}

}  // namespace credchain::node
