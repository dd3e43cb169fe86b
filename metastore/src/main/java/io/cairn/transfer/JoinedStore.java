package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import io.cairn.store.CatalogStore;
import io.cairn.store.StoreTransaction;

/**
 * A store whose units of work all join one transaction that is already open, so that {@link
 * io.cairn.service.CatalogService} operations become steps of the import's single transaction.
 * Committing and rolling back stay with the owner of that transaction.
 */
final class JoinedStore implements CatalogStore {
  private final StoreTransaction transaction;

  JoinedStore(StoreTransaction transaction) {
    this.transaction = requireNonNull(transaction, "transaction is null");
  }

  @Override
  public <T> T write(Work<T> work) {
    return work.run(transaction);
  }

  @Override
  public <T> T read(Work<T> work) {
    return work.run(transaction);
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public PoolStatistics poolStatistics() {
    return new PoolStatistics(0, 0, 0, 0);
  }

  @Override
  public void close() {}
}
