package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.locks.Client;
import io.cairn.locks.Lock;
import io.cairn.locks.LockComponent;
import io.cairn.locks.Transaction;
import io.cairn.service.LockService;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.AbortTxnRequest;
import org.apache.hadoop.hive.metastore.api.AbortTxnsRequest;
import org.apache.hadoop.hive.metastore.api.CheckLockRequest;
import org.apache.hadoop.hive.metastore.api.CommitTxnRequest;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsInfoResponse;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsRequest;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsResponse;
import org.apache.hadoop.hive.metastore.api.HeartbeatRequest;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.OpenTxnRequest;
import org.apache.hadoop.hive.metastore.api.OpenTxnsResponse;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponse;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;

/**
 * Hive's lock and transaction calls over {@link LockService}, dispatched to by {@link
 * HandlerInvocation}. Enough for Iceberg's HiveCatalog (an EXCLUSIVE table lock around each commit,
 * polled with check_lock, kept alive with heartbeat, found again by agentInfo in show_locks) and
 * for Hive's own lock and transaction bookkeeping; Cairn hands out no write ids.
 */
final class LockHandler {
  private final LockService locks;
  private final HiveNames names;

  LockHandler(LockService locks, String defaultCatalog) {
    this.locks = requireNonNull(locks, "locks is null");
    this.names = new HiveNames(defaultCatalog);
  }

  public LockResponse lock(LockRequest request) {
    List<LockComponent> components = new ArrayList<>();
    List<org.apache.hadoop.hive.metastore.api.LockComponent> requested =
        request.getComponent() == null ? List.of() : request.getComponent();
    for (org.apache.hadoop.hive.metastore.api.LockComponent component : requested) {
      components.add(ThriftConverter.fromThrift(names.database(component.getDbname()), component));
    }
    Lock lock =
        locks.lock(
            components,
            request.getTxnid(),
            new Client(
                nullToEmpty(request.getUser()),
                nullToEmpty(request.getHostname()),
                request.getAgentInfo()));
    return ThriftConverter.toLockResponse(lock);
  }

  public LockResponse check_lock(CheckLockRequest request) {
    return ThriftConverter.toLockResponse(locks.checkLock(request.getLockid(), request.getTxnid()));
  }

  public void unlock(UnlockRequest request) {
    locks.unlock(request.getLockid());
  }

  public void heartbeat(HeartbeatRequest request) {
    locks.heartbeat(request.getLockid(), request.getTxnid());
  }

  /** Hive filters by table only together with a database, and by partition only with a table. */
  public ShowLocksResponse show_locks(ShowLocksRequest request) {
    DatabaseName database =
        request.getDbname() == null ? null : names.database(request.getDbname());
    String table = database == null ? null : request.getTablename();
    String partition = table == null ? null : request.getPartname();
    List<ShowLocksResponseElement> elements = new ArrayList<>();
    for (Lock lock : locks.listLocks(database, table, partition, request.getTxnid())) {
      elements.addAll(ThriftConverter.toShowLocksElements(lock));
    }
    ShowLocksResponse response = new ShowLocksResponse();
    response.setLocks(elements);
    return response;
  }

  public OpenTxnsResponse open_txns(OpenTxnRequest request) {
    return new OpenTxnsResponse(
        locks.openTransactions(
            request.getNum_txns(),
            new Client(
                nullToEmpty(request.getUser()),
                nullToEmpty(request.getHostname()),
                request.getAgentInfo())));
  }

  public void commit_txn(CommitTxnRequest request) {
    locks.commitTransaction(request.getTxnid());
  }

  public void abort_txn(AbortTxnRequest request) {
    locks.abortTransaction(request.getTxnid());
  }

  public void abort_txns(AbortTxnsRequest request) {
    locks.abortTransactions(request.getTxn_ids() == null ? List.of() : request.getTxn_ids());
  }

  /** Open transactions only: no aborted ones to exclude, so the aborted bits are all clear. */
  public GetOpenTxnsResponse get_open_txns() {
    LockService.OpenTransactions open = locks.listOpenTransactions();
    List<Long> ids = open.open().stream().map(Transaction::id).toList();
    GetOpenTxnsResponse response =
        new GetOpenTxnsResponse(
            open.highWaterMark(), new ArrayList<>(ids), ByteBuffer.wrap(new byte[0]));
    if (!ids.isEmpty()) {
      response.setMin_open_txn(ids.get(0));
    }
    return response;
  }

  /** Hive 4's client asks for the open transactions this way; Cairn has no transaction types. */
  public GetOpenTxnsResponse get_open_txns_req(GetOpenTxnsRequest request) {
    return get_open_txns();
  }

  public GetOpenTxnsInfoResponse get_open_txns_info() {
    LockService.OpenTransactions open = locks.listOpenTransactions();
    return new GetOpenTxnsInfoResponse(
        open.highWaterMark(),
        new ArrayList<>(open.open().stream().map(ThriftConverter::toThrift).toList()));
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
