package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.ValidationException;
import io.cairn.locks.Client;
import io.cairn.locks.Lock;
import io.cairn.locks.LockComponent;
import io.cairn.locks.NoSuchLockException;
import io.cairn.locks.NoSuchTransactionException;
import io.cairn.locks.Transaction;
import io.cairn.locks.TransactionAbortedException;
import io.cairn.locks.TransactionOpenException;
import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hive's lock manager and transactions, as Iceberg's HiveCatalog (an EXCLUSIVE table lock around
 * each commit) and Hive use them.
 *
 * <p>All state lives in the store, so locks exclude across server replicas. Every operation runs in
 * one store transaction that first serializes against all other lock changes ({@link
 * StoreTransaction#serializeLockChanges}), so deciding "acquired or waiting" and recording it
 * happen as one step that no conflicting locker on any replica can interleave with.
 *
 * <p>A lock is acquired only as a whole and only if none of its components conflicts with a
 * component of a lock that is acquired, or that waits and was requested earlier (first come, first
 * served: a waiting lock is never overtaken by a later conflicting one). Locks of one transaction
 * never conflict with each other. A waiting lock is re-checked when its client calls {@link
 * #checkLock}.
 *
 * <p>A lock without a transaction lives while its client heartbeats it ({@link #lock}, {@link
 * #checkLock} and {@link #heartbeat} do); a transaction, with its locks, likewise. One whose last
 * heartbeat is older than the timeout is abandoned: the next operation releases it (a transaction
 * is aborted), so a crashed client blocks others for at most the timeout.
 */
public final class LockService {
  /** Hive's default {@code hive.txn.timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

  /** Hive's default {@code hive.txn.max.open.batch}. */
  public static final int MAX_TRANSACTIONS_PER_OPEN = 1000;

  private final CatalogStore store;
  private final Clock clock;
  private final Duration timeout;

  public LockService(CatalogStore store, Clock clock, Duration timeout) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  // Locks

  /**
   * Requests a lock on {@code components}, in transaction {@code transactionId} (0 for none), and
   * returns it acquired or waiting.
   */
  public Lock lock(List<LockComponent> components, long transactionId, Client client) {
    requireNonNull(client, "client is null");
    if (components.isEmpty()) {
      throw new ValidationException("a lock request needs at least one component");
    }
    return changeLocks(
        (transaction, now) -> {
          if (transactionId != 0) {
            requireOpen(transaction, transactionId);
            transaction.heartbeatTransaction(transactionId, now);
          }
          Lock waiting =
              new Lock(0, transactionId, components, Lock.State.WAITING, client, now, null);
          long lockId = transaction.createLock(waiting);
          return decide(transaction, withId(waiting, lockId), now);
        });
  }

  /**
   * Heartbeats the lock (or its transaction, {@code transactionId} when not 0) and acquires it if
   * it waits and nothing conflicts any more. NoSuchLock if it was released or abandoned.
   */
  public Lock checkLock(long lockId, long transactionId) {
    return changeLocks(
        (transaction, now) -> {
          if (transactionId != 0) {
            requireOpen(transaction, transactionId);
            transaction.heartbeatTransaction(transactionId, now);
          }
          Lock lock = requireLock(transaction, lockId);
          if (lock.belongsToTransaction()) {
            requireOpen(transaction, lock.transactionId());
            transaction.heartbeatTransaction(lock.transactionId(), now);
          } else {
            transaction.heartbeatLock(lockId, now);
          }
          return decide(transaction, lock, now);
        });
  }

  /**
   * Releases a lock, acquired or waiting. A transaction's locks are released only by its commit or
   * abort (TransactionOpen).
   */
  public void unlock(long lockId) {
    changeLocks(
        (transaction, now) -> {
          Lock lock = requireLock(transaction, lockId);
          if (lock.belongsToTransaction()) {
            throw new TransactionOpenException(
                "lock "
                    + lockId
                    + " belongs to transaction "
                    + lock.transactionId()
                    + "; it is released when the transaction commits or aborts");
          }
          transaction.deleteLock(lockId);
          return null;
        });
  }

  /**
   * Keeps a transaction (when {@code transactionId} is not 0) or else a lock (when {@code lockId}
   * is not 0) from being abandoned, as Hive does.
   */
  public void heartbeat(long lockId, long transactionId) {
    changeLocks(
        (transaction, now) -> {
          if (transactionId != 0) {
            requireOpen(transaction, transactionId);
            transaction.heartbeatTransaction(transactionId, now);
          } else if (lockId != 0) {
            requireLock(transaction, lockId);
            transaction.heartbeatLock(lockId, now);
          }
          return null;
        });
  }

  /**
   * The locks, in id order, with only those components that are of {@code database}, of its {@code
   * table} and of that table's {@code partition} (each null for any), and only of {@code
   * transactionId} unless it is 0. Locks without a matching component are left out.
   */
  public List<Lock> listLocks(
      DatabaseName database, String table, String partition, long transactionId) {
    return changeLocks(
        (transaction, now) -> {
          List<Lock> result = new ArrayList<>();
          for (Lock lock : transaction.listLocks()) {
            if (transactionId != 0 && lock.transactionId() != transactionId) {
              continue;
            }
            List<LockComponent> components =
                lock.components().stream()
                    .filter(component -> database == null || component.database().equals(database))
                    .filter(component -> table == null || table.equalsIgnoreCase(component.table()))
                    .filter(
                        component -> partition == null || partition.equals(component.partition()))
                    .toList();
            if (!components.isEmpty()) {
              result.add(
                  new Lock(
                      lock.id(),
                      lock.transactionId(),
                      components,
                      lock.state(),
                      lock.client(),
                      lock.lastHeartbeat(),
                      lock.acquiredAt()));
            }
          }
          return result;
        });
  }

  /**
   * Acquires {@code lock} if it waits and no acquired lock, nor a waiting one requested before it,
   * conflicts with it; otherwise leaves it waiting. Runs after {@link
   * StoreTransaction#serializeLockChanges}, so no other decision can slip in between.
   */
  private static Lock decide(StoreTransaction transaction, Lock lock, Instant now) {
    if (lock.state() == Lock.State.ACQUIRED) {
      return lock;
    }
    for (Lock other : transaction.listLocks()) {
      if (other.id() == lock.id()
          || (other.state() == Lock.State.WAITING && other.id() > lock.id())
          || (lock.belongsToTransaction() && other.transactionId() == lock.transactionId())) {
        continue;
      }
      if (conflict(lock, other)) {
        return lock;
      }
    }
    transaction.acquireLock(lock.id(), now);
    return new Lock(
        lock.id(),
        lock.transactionId(),
        lock.components(),
        Lock.State.ACQUIRED,
        lock.client(),
        now,
        now);
  }

  private static boolean conflict(Lock lock, Lock other) {
    for (LockComponent component : lock.components()) {
      for (LockComponent held : other.components()) {
        if (component.conflictsWith(held)) {
          return true;
        }
      }
    }
    return false;
  }

  // Transactions

  /** Opens {@code count} transactions and returns their ids, in increasing order. */
  public List<Long> openTransactions(int count, Client client) {
    requireNonNull(client, "client is null");
    if (count < 1 || count > MAX_TRANSACTIONS_PER_OPEN) {
      throw new ValidationException(
          "the number of transactions to open must be between 1 and "
              + MAX_TRANSACTIONS_PER_OPEN
              + ", not "
              + count);
    }
    return changeLocks(
        (transaction, now) -> {
          List<Long> ids = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            ids.add(
                transaction.createTransaction(
                    new Transaction(0, Transaction.State.OPEN, client, now, now)));
          }
          return ids;
        });
  }

  /**
   * Commits an open transaction and releases its locks. Committing it again succeeds (a client's
   * retry, as in Hive); an aborted one is TransactionAborted, an unknown one NoSuchTransaction.
   */
  public void commitTransaction(long transactionId) {
    changeLocks(
        (transaction, now) -> {
          Transaction current = loadTransaction(transaction, transactionId);
          switch (current.state()) {
            case OPEN -> {
              transaction.updateTransactionState(transactionId, Transaction.State.COMMITTED);
              transaction.deleteLocksOfTransaction(transactionId);
            }
            case COMMITTED -> {}
            case ABORTED -> throw aborted(transactionId);
          }
          return null;
        });
  }

  /**
   * Aborts an open transaction and releases its locks. Aborting it again succeeds; a committed one
   * is NoSuchTransaction, as in Hive.
   */
  public void abortTransaction(long transactionId) {
    abortTransactions(List.of(transactionId));
  }

  /** Aborts all the transactions or, if one cannot be aborted, none. */
  public void abortTransactions(List<Long> transactionIds) {
    changeLocks(
        (transaction, now) -> {
          for (long transactionId : new LinkedHashSet<>(transactionIds)) {
            Transaction current = loadTransaction(transaction, transactionId);
            switch (current.state()) {
              case OPEN -> abort(transaction, transactionId);
              case ABORTED -> {}
              case COMMITTED ->
                  throw new NoSuchTransactionException(
                      "transaction " + transactionId + " is already committed");
            }
          }
          return null;
        });
  }

  /**
   * The open transactions and the highest transaction id handed out. Aborted transactions wrote
   * nothing Cairn tracks (it allocates no write ids), so readers have none to exclude and none are
   * listed.
   */
  public OpenTransactions listOpenTransactions() {
    return changeLocks(
        (transaction, now) ->
            new OpenTransactions(
                transaction.lastTransactionId(),
                transaction.listTransactions(Transaction.State.OPEN)));
  }

  /** Transactions that are open, and the highest transaction id handed out. */
  public record OpenTransactions(long highWaterMark, List<Transaction> open) {
    public OpenTransactions {
      open = List.copyOf(requireNonNull(open, "open is null"));
    }
  }

  private static Transaction loadTransaction(StoreTransaction transaction, long transactionId) {
    return transaction
        .loadTransaction(transactionId)
        .orElseThrow(
            () -> new NoSuchTransactionException("no transaction with id " + transactionId));
  }

  private static void requireOpen(StoreTransaction transaction, long transactionId) {
    Transaction current = loadTransaction(transaction, transactionId);
    switch (current.state()) {
      case OPEN -> {}
      case ABORTED -> throw aborted(transactionId);
      case COMMITTED ->
          throw new NoSuchTransactionException(
              "transaction " + transactionId + " is already committed");
    }
  }

  private static TransactionAbortedException aborted(long transactionId) {
    return new TransactionAbortedException("transaction " + transactionId + " was aborted");
  }

  private static Lock requireLock(StoreTransaction transaction, long lockId) {
    return transaction
        .loadLock(lockId)
        .orElseThrow(
            () ->
                new NoSuchLockException(
                    "no lock with id " + lockId + "; it was released or abandoned"));
  }

  private static void abort(StoreTransaction transaction, long transactionId) {
    transaction.updateTransactionState(transactionId, Transaction.State.ABORTED);
    transaction.deleteLocksOfTransaction(transactionId);
  }

  /** Runs {@code work} serialized with every other lock change, after releasing what expired. */
  private <T> T changeLocks(LockWork<T> work) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiredBefore = now.minus(timeout);
    return store.write(
        transaction -> {
          transaction.serializeLockChanges();
          transaction.deleteLocksHeartbeatBefore(expiredBefore);
          Set<Long> expired = new LinkedHashSet<>();
          for (Transaction open : transaction.listTransactions(Transaction.State.OPEN)) {
            if (open.lastHeartbeat().isBefore(expiredBefore)) {
              expired.add(open.id());
            }
          }
          expired.forEach(transactionId -> abort(transaction, transactionId));
          return work.run(transaction, now);
        });
  }

  @FunctionalInterface
  private interface LockWork<T> {
    T run(StoreTransaction transaction, Instant now);
  }

  private static Lock withId(Lock lock, long id) {
    return new Lock(
        id,
        lock.transactionId(),
        lock.components(),
        lock.state(),
        lock.client(),
        lock.lastHeartbeat(),
        lock.acquiredAt());
  }
}
