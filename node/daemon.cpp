#include "node/daemon.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "consensus/log_safety_store.h"
#include "core/log.h"
#include "core/private_file.h"
#include "core/thread_name.h"
#include "crypto/key_file.h"
#include "node/chain.h"
#include "node/chain_genesis.h"
#include "node/commit_waiters.h"
#include "node/config.h"
#include "node/consensus_driver.h"
#include "node/executor_adapter.h"
#include "node/http_router.h"
#include "node/http_server.h"
#include "node/mempool.h"
#include "node/metrics.h"
#include "node/node_metrics.h"
#include "node/p2p/peer_manager.h"
#include "node/p2p/router.h"
#include "node/peer_allow_list.h"
#include "node/record_service.h"
#include "node/record_store.h"
#include "node/rest_api.h"
#include "node/tx_admission.h"
#include "node/worker_pool.h"

namespace credchain::node {
namespace {

namespace asio = boost::asio;
using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

constexpr size_t kVerifyQueue = 100'000;
constexpr int64_t kGaugeIntervalMs = 500;

core::Status Refuse(const core::Status& status, std::string_view what) {
  return core::Status(status.code(),
                      "refusing to start: " + std::string(what) + ": " + status.message());
}

}  // namespace

// Not in the anonymous namespace: Daemon::Parts holds one (-Wsubobject-linkage).
// The chain as consensus needs it: the committer of decided blocks (Chain::Commit executes
// and stores each in one synced batch) and the source of committed blocks for peers behind.
class ChainCommitter final : public BlockCommitter, public consensus::CommittedBlockSource {
 public:
  explicit ChainCommitter(Chain* chain) : chain_(chain) {}
  core::Result<std::vector<consensus::ExecutedBlock>> CommitDecided(
      const consensus::CommitDecision& decision) override {
    std::vector<consensus::ExecutedBlock> executed;
    RETURN_IF_ERROR(chain_->Commit(decision.blocks, &executed));
    return executed;
  }
  void VerifyAhead(const ledger::Block& block) override { chain_->VerifyAhead(block); }
  void ExecuteAhead(const ledger::Block& block) override { chain_->ExecuteAhead(block); }
  std::optional<consensus::CommittedBlock> BlockAt(uint64_t height) override {
    auto block = chain_->blocks().GetBlock(height);
    auto qc = chain_->blocks().GetQuorumCert(height);
    if (!block.ok() || !qc.ok()) return std::nullopt;
    return consensus::CommittedBlock{std::move(*block), std::move(*qc)};
  }

 private:
  Chain* chain_;
};

struct Daemon::Parts {
  HomeLayout layout;
  std::unique_ptr<DataDirLock> lock;
  NodeConfig config;
  crypto::SecretKey key;
  core::SystemClock clock;
  MetricsRegistry registry;
  std::unique_ptr<NodeMetrics> metrics;
  std::unique_ptr<WorkerPool> pool;
  std::unique_ptr<Mempool> mempool;
  std::unique_ptr<Chain> chain;
  std::unique_ptr<ExecutorAdapter> adapter;
  std::unique_ptr<ChainCommitter> committer;
  std::unique_ptr<consensus::LogSafetyStore> safety_store;
  std::unique_ptr<RecordStore> record_store;
  std::unique_ptr<RecordService> records;  // null unless records.account_key_file is set

  asio::io_context net_io;
  asio::io_context consensus_io;
  asio::io_context http_io;
  std::vector<WorkGuard> guards;
  std::vector<std::thread> threads;
  // After the io_contexts, so destroyed before them: a ?wait=commit request still waiting at
  // shutdown holds its timer and its HTTP session, which need http_io until they are gone.
  std::unique_ptr<CommitWaiters> waiters;
  std::unique_ptr<p2p::PeerManager> peers;
  std::unique_ptr<p2p::Router> router;
  std::unique_ptr<PeerAllowList> allow_list;
  std::unique_ptr<ConsensusDriver> driver;
  std::unique_ptr<HttpRouter> http_router;
  std::unique_ptr<HttpServer> http;
  std::unique_ptr<asio::steady_timer> gauge_timer;
  HeapReader read_heap;
  bool started = false;
  bool shut_down = false;

  core::Status OpenChain(const ChainGenesis& genesis);
  core::Status OpenRecords(std::string_view passphrase);
  core::Status WireConsensus();
  void WireNetwork();
  core::Result<uint16_t> StartHttp();
  void ScheduleGauges();
  void SetMemoryGauges();
};

core::Status Daemon::Parts::OpenChain(const ChainGenesis& genesis) {
  metrics = std::make_unique<NodeMetrics>(NodeMetrics::Register(registry));
  pool = std::make_unique<WorkerPool>(config.mempool.verify_threads, kVerifyQueue, "verify");
  MempoolOptions mempool_options;
  mempool_options.chain_id = genesis.chain_id;
  mempool_options.suite = genesis.suite;
  mempool_options.max_txs = config.mempool.max_txs;
  mempool_options.max_bytes = config.mempool.max_bytes;
  mempool_options.max_txs_per_sender = config.mempool.max_txs_per_sender;
  // A quarter of the pool may wait behind sequence gaps (docs/node-config.md).
  mempool_options.max_gapped_txs = std::max<size_t>(1, config.mempool.max_txs / 4);
  mempool_options.signatures_verified = &metrics->tx_signature_verifications;
  mempool_options.contract_rules = [this](const ledger::SignedTx& stx) {
    return CheckTxAdmission(*chain, stx, config.mempool.max_txs_per_sender);
  };
  mempool = std::make_unique<Mempool>(
      mempool_options, pool.get(),
      [this](const crypto::PublicKey& sender) { return chain->NextSequence(sender); });
  ChainOptions chain_options;
  chain_options.verify_signatures = [this](const std::vector<ledger::SignedTx>& txs,
                                           const std::vector<core::Bytes32>& ids) {
    return mempool->VerifyBlockTxs(txs, ids);
  };
  chain_options.checked_tx_ids = [this](const core::Bytes32& block_id) {
    return adapter->CheckedTxIds(block_id);
  };
  chain_options.metrics = metrics.get();
  chain_options.clock = &clock;
  ASSIGN_OR_RETURN(
      chain, Chain::OpenInDirectory(layout.data_dir / "chain", genesis, std::move(chain_options)));
  adapter = std::make_unique<ExecutorAdapter>(
      chain.get(), mempool.get(), &clock,
      ExecutorAdapterOptions{config.consensus.max_block_txs, config.consensus.max_block_bytes});
  waiters = std::make_unique<CommitWaiters>();
  committer = std::make_unique<ChainCommitter>(chain.get());
  chain->AddCommitListener([this](const CommittedBlock& b) { adapter->OnCommitted(b); });
  chain->AddCommitListener([this](const CommittedBlock& b) { waiters->OnCommitted(b); });
  return core::Status::Ok();
}

// The department's record store and the service that publishes to it (DESIGN.md §2): content
// in data/records, anchoring txs signed with the configured account key.
core::Status Daemon::Parts::OpenRecords(std::string_view passphrase) {
  if (config.records.account_key_file.empty()) return core::Status::Ok();
  std::filesystem::path key_path = config.records.account_key_file;
  if (key_path.is_relative()) key_path = layout.config_dir / key_path;
  core::Status status = core::CheckPrivateFile(key_path);
  if (!status.ok()) return Refuse(status, "records.account_key_file");
  auto account = crypto::LoadKeyFile(key_path, passphrase);
  if (!account.ok()) return Refuse(account.status(), "records.account_key_file");
  auto store = RecordStore::Open(layout.data_dir / "records");
  if (!store.ok()) return Refuse(store.status(), "record store");
  record_store = std::move(*store);
  const crypto::PublicKey account_key = account->public_key();
  RecordServiceOptions options{std::move(*account), config.records.tx_lifetime_blocks};
  records = std::make_unique<RecordService>(record_store.get(), chain.get(), mempool.get(),
                                            std::move(options));
  chain->AddCommitListener([this](const CommittedBlock& b) { records->OnCommitted(b); });
  ASSIGN_OR_RETURN(std::optional<std::string> department, records->AccountDepartment());
  if (department) {
    LOG_INFO("node") << "record store at " << (layout.data_dir / "records").string()
                     << ", publishing as department " << *department;
  } else {
    LOG_WARN("node") << "records.account_key_file: account " << account_key.ToHex()
                     << " is not a department's account key in the current state; records "
                        "published before governance adds it will be refused";
  }
  return core::Status::Ok();
}

void Daemon::Parts::WireNetwork() {
  p2p::PeerManagerOptions options;
  options.chain_id = chain->chain_id();
  options.node_key = &key;
  options.config = config.p2p;
  peers = std::make_unique<p2p::PeerManager>(
      net_io, std::move(options), [this](const crypto::PublicKey& from, p2p::Message message) {
        router->OnMessage(from, std::move(message));
      });
  router = std::make_unique<p2p::Router>(net_io, peers.get(), mempool.get());
  peers->SetPeerEventHook([this](const crypto::PublicKey& peer, bool connected) {
    router->OnPeerEvent(peer, connected);
  });
  mempool->SetGossipHook(
      [this](const ledger::SignedTx& stx, const core::Bytes32& id, const TxOrigin& origin) {
        router->OnAdmitted(stx, id, origin);
        if (driver) driver->Wake();  // an idle network's paced round ends now
      });
  // Allow-list: the validators of the current epoch and the registered observer nodes,
  // refreshed from state after each commit. State is authoritative: a configured peer whose key
  // it does not list (e.g. a validator that governance removed) is refused.
  allow_list = std::make_unique<PeerAllowList>(chain.get(), [this](const AllowedPeers& allowed) {
    peers->SetAllowedKeys(allowed.All());
    peers->SetValidators(allowed.validators);
  });
  chain->AddCommitListener([this](const CommittedBlock& b) { allow_list->OnCommitted(b); });
  auto root = chain->Root();
  const core::Status status =
      root.ok() ? allow_list->Refresh(root->block.header.epoch) : root.status();
  if (!status.ok()) {
    LOG_ERROR("node") << "allow-list: " << status.ToString();
  }
}

core::Status Daemon::Parts::WireConsensus() {
  ASSIGN_OR_RETURN(ChainRoot root, chain->Root());
  ASSIGN_OR_RETURN(ledger::ValidatorSet validators, chain->ValidatorsOf(root.block.header.epoch));
  if (!validators.IndexOf(key.public_key())) {
    LOG_INFO("node") << "this node's key is not in the validator set of epoch " << validators.epoch
                     << ": following (verifying and executing, no votes) until an epoch adds it";
  }
  consensus::ReplicaStart start;
  start.config.chain = consensus::ChainParams{chain->chain_id(), chain->suite()};
  start.config.pacemaker.base_timeout_ms = static_cast<uint64_t>(config.consensus.round_timeout_ms);
  start.config.max_block_txs = config.consensus.max_block_txs;
  start.key = key.Clone();
  start.validators = std::move(validators);
  const ledger::CommitPointer tip = chain->Tip();
  start.executed = consensus::ExecutionPoint{tip.height, tip.state_root};
  start.root = std::move(root.block);
  start.root_qc = std::move(root.qc);
  ASSIGN_OR_RETURN(safety_store, consensus::LogSafetyStore::Open(layout.safety_dir.string()));
  ConsensusDriverOptions options;
  options.on_fatal = [](const core::Status& reason) {
    LOG_ERROR("node") << "consensus halted: " << reason.ToString();
  };
  options.empty_block_interval_ms = config.consensus.empty_block_interval_ms;
  options.has_proposable_txs = [this] { return mempool->HasProposable(); };
  driver = std::make_unique<ConsensusDriver>(consensus_io, router.get(), committer.get(),
                                             std::move(options));
  RETURN_IF_ERROR(
      driver->Init(std::move(start), safety_store.get(), adapter.get(), committer.get()));
  router->SetDriver(driver.get());
  return core::Status::Ok();
}

core::Result<uint16_t> Daemon::Parts::StartHttp() {
  http_router = std::make_unique<HttpRouter>();
  http_router->SetWriteToken(config.api.write_token);  // write routes need the Bearer token
  RestApiContext context;
  context.chain = chain.get();
  context.mempool = mempool.get();
  context.waiters = waiters.get();
  context.io = &http_io;
  context.registry = &registry;
  context.metrics = metrics.get();
  context.write_token = config.api.write_token;
  context.records = records.get();
  context.runtime = [this] {
    NodeRuntimeStatus status;
    status.node_key = key.public_key();
    status.validator = driver != nullptr && driver->snapshot().voting;
    status.peers = static_cast<uint32_t>(peers->connected_peers());
    if (driver) {
      const ConsensusSnapshot s = driver->snapshot();
      status.epoch = s.epoch;
      status.round = s.round;
    }
    return status;
  };
  AddRestRoutes(*http_router, context);
  HttpServerOptions options;
  options.host = config.api.listen.host;
  options.port = config.api.listen.port;
  options.limits.body_limit_bytes = config.api.max_body_bytes;
  options.header_timeout_ms = config.api.header_timeout_ms;
  options.body_timeout_ms = config.api.body_timeout_ms;
  options.keep_alive_timeout_ms = config.api.keep_alive_timeout_ms;
  options.max_requests_per_connection = config.api.max_requests_per_connection;
  options.max_connections = config.api.max_connections;
  http = std::make_unique<HttpServer>(http_io, options, http_router.get());
  return http->Listen();
}

void Daemon::Parts::ScheduleGauges() {
  gauge_timer->expires_after(std::chrono::milliseconds(kGaugeIntervalMs));
  gauge_timer->async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    metrics->peers.Set(static_cast<double>(peers->connected_peers()));
    metrics->mempool_txs.Set(static_cast<double>(mempool->Size()));
    if (driver) metrics->round.Set(static_cast<double>(driver->snapshot().round));
    SetMemoryGauges();
    ScheduleGauges();
  });
}

void Daemon::Parts::SetMemoryGauges() {
  if (const std::optional<uint64_t> resident = ResidentBytes()) {
    metrics->resident_bytes.Set(static_cast<double>(*resident));
  }
  if (read_heap) {
    const HeapBytes heap = read_heap();
    metrics->heap_allocated_bytes.Set(static_cast<double>(heap.allocated));
    metrics->heap_free_bytes.Set(static_cast<double>(heap.free));
  }
  metrics->store_memory_bytes.Set(static_cast<double>(chain->store_memory_bytes()));
}

Daemon::Daemon(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Daemon::~Daemon() { Shutdown(); }

core::Result<std::unique_ptr<Daemon>> Daemon::Open(const HomeLayout& layout,
                                                   std::string_view passphrase,
                                                   HeapReader read_heap) {
  auto parts = std::make_unique<Parts>();
  parts->layout = layout;
  parts->read_heap = std::move(read_heap);
  core::Status status = core::CheckPrivateFile(layout.node_key);
  if (!status.ok()) return Refuse(status, "node key");
  status = core::CheckPrivateFile(layout.node_config);
  if (!status.ok()) return Refuse(status, "node config");
  // A home prepared by other tools (credchain testnet init, a provisioning system) carries only
  // config/; the data directories are the node's own and are created on first start.
  status = CreateHomeDirs(layout);
  if (!status.ok()) return Refuse(status, "data directory");
  auto lock = DataDirLock::Acquire(layout.lock_file);
  if (!lock.ok()) return Refuse(lock.status(), "data directory");
  parts->lock = std::move(*lock);
  auto config_text = core::ReadFileLimited(layout.node_config, kMaxHomeFileBytes);
  if (!config_text.ok()) return Refuse(config_text.status(), "node config");
  auto config = ParseNodeConfig(*config_text);
  if (!config.ok()) return Refuse(config.status(), layout.node_config.string());
  parts->config = std::move(*config);
  core::SetLogLevel(parts->config.log_level);
  auto genesis = LoadChainGenesis(layout.genesis);
  if (!genesis.ok()) return Refuse(genesis.status(), layout.genesis.string());
  auto key = crypto::LoadKeyFile(layout.node_key, passphrase);
  if (!key.ok()) return Refuse(key.status(), "node key");
  parts->key = std::move(*key);
  status = parts->OpenChain(*genesis);
  if (!status.ok()) return Refuse(status, "chain data");
  RETURN_IF_ERROR(parts->OpenRecords(passphrase));
  LOG_INFO("node") << "opened chain " << parts->chain->chain_id() << " at height "
                   << parts->chain->Tip().height << " as node " << parts->key.public_key().ToHex();
  return std::unique_ptr<Daemon>(new Daemon(std::move(parts)));
}

core::Result<DaemonAddresses> Daemon::Start() {
  Parts& p = *parts_;
  p.WireNetwork();
  RETURN_IF_ERROR(p.WireConsensus());
  DaemonAddresses addresses;
  ASSIGN_OR_RETURN(addresses.p2p_port, p.peers->Start());
  ASSIGN_OR_RETURN(addresses.api_port, p.StartHttp());
  p.gauge_timer = std::make_unique<asio::steady_timer>(p.net_io);
  p.ScheduleGauges();
  const std::pair<asio::io_context*, const char*> loops[] = {
      {&p.net_io, "p2p"}, {&p.consensus_io, "consensus"}, {&p.http_io, "http"}};
  for (const auto& loop : loops) {
    asio::io_context* io = loop.first;
    p.guards.push_back(asio::make_work_guard(*io));
    p.threads.emplace_back([io, name = loop.second] {
      core::NameThisThread(name);
      io->run();
    });
  }
  if (p.driver) p.driver->Start();
  p.started = true;
  LOG_INFO("node") << "p2p on port " << addresses.p2p_port << ", REST API on port "
                   << addresses.api_port
                   << (p.driver->snapshot().voting ? ", validating" : ", following");
  return addresses;
}

void Daemon::Shutdown() {
  Parts& p = *parts_;
  if (p.shut_down || !p.started) return;
  p.shut_down = true;
  LOG_INFO("node") << "shutting down";
  if (p.http) p.http->Stop();
  if (p.driver) p.driver->Stop();  // the commit in progress finishes first
  if (p.peers) p.peers->Stop();
  if (p.gauge_timer) {
    asio::post(p.net_io, [&p] { p.gauge_timer->cancel(); });
  }
  p.guards.clear();
  for (asio::io_context* io : {&p.net_io, &p.consensus_io, &p.http_io}) io->stop();
  for (auto& t : p.threads) t.join();
  p.threads.clear();
  // Admission batches still queued reach into the mempool and the chain, and answer through
  // the HTTP io_context: they run now, while all of those still exist.
  p.pool->Stop();
  LOG_INFO("node") << "stopped at height " << p.chain->Tip().height;
}

bool Daemon::halted() const {
  const Parts& p = *parts_;
  return p.chain->halted() || (p.driver && p.driver->snapshot().halted);
}

uint64_t Daemon::committed_height() const { return parts_->chain->Tip().height; }

}  // namespace credchain::node
