package io.cairn.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.hadoop.hive.metastore.api.AbortTxnRequest;
import org.apache.hadoop.hive.metastore.api.AbortTxnsRequest;
import org.apache.hadoop.hive.metastore.api.CheckLockRequest;
import org.apache.hadoop.hive.metastore.api.CommitTxnRequest;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsInfoResponse;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsRequest;
import org.apache.hadoop.hive.metastore.api.GetOpenTxnsResponse;
import org.apache.hadoop.hive.metastore.api.HeartbeatRequest;
import org.apache.hadoop.hive.metastore.api.LockComponent;
import org.apache.hadoop.hive.metastore.api.LockLevel;
import org.apache.hadoop.hive.metastore.api.LockRequest;
import org.apache.hadoop.hive.metastore.api.LockResponse;
import org.apache.hadoop.hive.metastore.api.LockState;
import org.apache.hadoop.hive.metastore.api.LockType;
import org.apache.hadoop.hive.metastore.api.NoSuchLockException;
import org.apache.hadoop.hive.metastore.api.NoSuchTxnException;
import org.apache.hadoop.hive.metastore.api.OpenTxnRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksRequest;
import org.apache.hadoop.hive.metastore.api.ShowLocksResponseElement;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.TxnAbortedException;
import org.apache.hadoop.hive.metastore.api.TxnInfo;
import org.apache.hadoop.hive.metastore.api.TxnOpenException;
import org.apache.hadoop.hive.metastore.api.TxnState;
import org.apache.hadoop.hive.metastore.api.UnlockRequest;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.transport.TSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks and transactions through Hive 4's generated Thrift client (the stub HiveMetaStoreClient
 * wraps), against a running Cairn on SQLite, the way Iceberg's HiveCatalog and Hive call them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocksThriftIT {
  @TempDir static Path dataDirectory;

  private ThriftTestServer server;
  private final List<TSocket> sockets = new ArrayList<>();

  @BeforeAll
  void start() {
    server = ThriftTestServer.start(dataDirectory);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @AfterEach
  void closeConnections() {
    sockets.forEach(TSocket::close);
    sockets.clear();
  }

  private ThriftHiveMetastore.Client client() throws Exception {
    TSocket socket = server.open();
    sockets.add(socket);
    return ThriftTestServer.client(socket);
  }

  private static LockComponent tableComponent(LockType type, String database, String table) {
    LockComponent component = new LockComponent(type, LockLevel.TABLE, database);
    component.setTablename(table);
    return component;
  }

  /** A table lock as Iceberg's HiveCatalog requests it around a commit. */
  private static LockRequest icebergCommitLock(String database, String table, String agentInfo) {
    LockRequest request =
        new LockRequest(
            List.of(tableComponent(LockType.EXCLUSIVE, database, table)), "iceberg", "host-1");
    request.setAgentInfo(agentInfo);
    return request;
  }

  private static List<ShowLocksResponseElement> showLocks(
      ThriftHiveMetastore.Client client, String database, String table) throws Exception {
    ShowLocksRequest request = new ShowLocksRequest();
    request.setDbname(database);
    request.setTablename(table);
    return client.show_locks(request).getLocks();
  }

  @Test
  void aCommitLockExcludesTheNextUntilUnlocked() throws Exception {
    ThriftHiveMetastore.Client first = client();
    ThriftHiveMetastore.Client second = client();

    LockResponse held = first.lock(icebergCommitLock("Sales", "Orders", "agent-a"));
    assertThat(held.getState()).isEqualTo(LockState.ACQUIRED);
    LockResponse waiting = second.lock(icebergCommitLock("sales", "orders", "agent-b"));
    assertThat(waiting.getState()).isEqualTo(LockState.WAITING);
    assertThat(second.check_lock(new CheckLockRequest(waiting.getLockid())).getState())
        .isEqualTo(LockState.WAITING);

    // Iceberg finds its lock again by agentInfo when a lock call's answer was lost.
    List<ShowLocksResponseElement> locks = showLocks(second, "sales", "orders");
    assertThat(locks)
        .extracting(
            ShowLocksResponseElement::getLockid,
            ShowLocksResponseElement::getAgentInfo,
            ShowLocksResponseElement::getState,
            ShowLocksResponseElement::getType,
            ShowLocksResponseElement::getDbname,
            ShowLocksResponseElement::getTablename,
            ShowLocksResponseElement::getUser,
            ShowLocksResponseElement::getHostname)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                held.getLockid(),
                "agent-a",
                LockState.ACQUIRED,
                LockType.EXCLUSIVE,
                "sales",
                "orders",
                "iceberg",
                "host-1"),
            org.assertj.core.groups.Tuple.tuple(
                waiting.getLockid(),
                "agent-b",
                LockState.WAITING,
                LockType.EXCLUSIVE,
                "sales",
                "orders",
                "iceberg",
                "host-1"));
    assertThat(locks.get(0).getAcquiredat()).isPositive();
    assertThat(showLocks(second, "sales", "customers")).isEmpty();

    HeartbeatRequest heartbeat = new HeartbeatRequest();
    heartbeat.setLockid(held.getLockid());
    first.heartbeat(heartbeat);

    first.unlock(new UnlockRequest(held.getLockid()));
    assertThat(second.check_lock(new CheckLockRequest(waiting.getLockid())).getState())
        .isEqualTo(LockState.ACQUIRED);
    second.unlock(new UnlockRequest(waiting.getLockid()));
    assertThat(showLocks(first, "sales", "orders")).isEmpty();

    assertThatThrownBy(() -> first.unlock(new UnlockRequest(held.getLockid())))
        .isInstanceOf(NoSuchLockException.class);
    assertThatThrownBy(() -> first.check_lock(new CheckLockRequest(held.getLockid())))
        .isInstanceOf(NoSuchLockException.class);
    assertThatThrownBy(() -> first.heartbeat(heartbeat)).isInstanceOf(NoSuchLockException.class);
  }

  @Test
  void partitionLocksAndTableLocksMeet() throws Exception {
    ThriftHiveMetastore.Client client = client();
    LockComponent partition = new LockComponent(LockType.SHARED_WRITE, LockLevel.PARTITION, "web");
    partition.setTablename("clicks");
    partition.setPartitionname("ds=2024-01-01");
    LockResponse writer = client.lock(new LockRequest(List.of(partition), "hive", "host-2"));
    assertThat(writer.getState()).isEqualTo(LockState.ACQUIRED);
    LockResponse reader =
        client.lock(
            new LockRequest(
                List.of(tableComponent(LockType.SHARED_READ, "web", "clicks")), "hive", "host-2"));
    assertThat(reader.getState()).isEqualTo(LockState.ACQUIRED);
    LockResponse exclusive =
        client.lock(
            new LockRequest(
                List.of(tableComponent(LockType.EXCLUSIVE, "web", "clicks")), "hive", "host-2"));
    assertThat(exclusive.getState()).isEqualTo(LockState.WAITING);
    assertThat(showLocks(client, "web", "clicks"))
        .extracting(ShowLocksResponseElement::getPartname)
        .containsExactly("ds=2024-01-01", null, null);

    client.unlock(new UnlockRequest(writer.getLockid()));
    client.unlock(new UnlockRequest(reader.getLockid()));
    assertThat(client.check_lock(new CheckLockRequest(exclusive.getLockid())).getState())
        .isEqualTo(LockState.ACQUIRED);
    client.unlock(new UnlockRequest(exclusive.getLockid()));

    LockComponent missingTable = new LockComponent(LockType.EXCLUSIVE, LockLevel.TABLE, "web");
    assertThatThrownBy(() -> client.lock(new LockRequest(List.of(missingTable), "hive", "host-2")))
        .isInstanceOf(TApplicationException.class)
        .hasMessageContaining("table name of a table lock is missing");
  }

  @Test
  void transactionsHoldTheirLocksUntilTheyEnd() throws Exception {
    ThriftHiveMetastore.Client client = client();
    OpenTxnRequest open = new OpenTxnRequest(2, "hive", "host-3");
    open.setAgentInfo("query-1");
    List<Long> ids = client.open_txns(open).getTxn_ids();
    assertThat(ids).hasSize(2);
    long committing = ids.get(0);
    long aborting = ids.get(1);

    GetOpenTxnsResponse openTransactions = client.get_open_txns();
    assertThat(openTransactions.getOpen_txns()).contains(committing, aborting);
    assertThat(openTransactions.getTxn_high_water_mark()).isGreaterThanOrEqualTo(aborting);
    assertThat(BitSet.valueOf(openTransactions.getAbortedBits()).isEmpty()).isTrue();
    assertThat(client.get_open_txns_req(new GetOpenTxnsRequest()).getOpen_txns())
        .contains(committing, aborting);
    GetOpenTxnsInfoResponse info = client.get_open_txns_info();
    assertThat(info.getOpen_txns())
        .filteredOn(transaction -> transaction.getId() == committing)
        .singleElement()
        .satisfies(
            transaction -> {
              assertThat(transaction.getState()).isEqualTo(TxnState.OPEN);
              assertThat(transaction.getUser()).isEqualTo("hive");
              assertThat(transaction.getHostname()).isEqualTo("host-3");
              assertThat(transaction.getAgentInfo()).isEqualTo("query-1");
            });

    LockRequest inTransaction = icebergCommitLock("etl", "daily", "agent-c");
    inTransaction.setTxnid(committing);
    LockResponse lock = client.lock(inTransaction);
    assertThat(lock.getState()).isEqualTo(LockState.ACQUIRED);
    LockRequest other = icebergCommitLock("etl", "daily", "agent-d");
    other.setTxnid(aborting);
    LockResponse otherLock = client.lock(other);
    assertThat(otherLock.getState()).isEqualTo(LockState.WAITING);
    assertThatThrownBy(() -> client.unlock(new UnlockRequest(lock.getLockid())))
        .isInstanceOf(TxnOpenException.class);
    HeartbeatRequest heartbeat = new HeartbeatRequest();
    heartbeat.setTxnid(committing);
    client.heartbeat(heartbeat);

    client.commit_txn(new CommitTxnRequest(committing));
    assertThat(showLocks(client, "etl", "daily"))
        .extracting(ShowLocksResponseElement::getLockid, ShowLocksResponseElement::getTxnid)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(otherLock.getLockid(), aborting));
    CheckLockRequest check = new CheckLockRequest(otherLock.getLockid());
    check.setTxnid(aborting);
    assertThat(client.check_lock(check).getState()).isEqualTo(LockState.ACQUIRED);
    client.commit_txn(new CommitTxnRequest(committing));

    client.abort_txn(new AbortTxnRequest(aborting));
    assertThat(showLocks(client, "etl", "daily")).isEmpty();
    assertThat(client.get_open_txns().getOpen_txns()).doesNotContain(committing, aborting);
    assertThatThrownBy(() -> client.commit_txn(new CommitTxnRequest(aborting)))
        .isInstanceOf(TxnAbortedException.class);
    assertThatThrownBy(() -> client.check_lock(check)).isInstanceOf(TxnAbortedException.class);
    assertThatThrownBy(() -> client.commit_txn(new CommitTxnRequest(aborting + 1000)))
        .isInstanceOf(NoSuchTxnException.class);
    assertThatThrownBy(() -> client.abort_txn(new AbortTxnRequest(committing)))
        .isInstanceOf(NoSuchTxnException.class);

    List<Long> more = client.open_txns(new OpenTxnRequest(3, "hive", "host-3")).getTxn_ids();
    client.abort_txns(new AbortTxnsRequest(more));
    assertThat(client.get_open_txns_info().getOpen_txns())
        .extracting(TxnInfo::getId)
        .doesNotContainAnyElementsOf(more);
  }
}
