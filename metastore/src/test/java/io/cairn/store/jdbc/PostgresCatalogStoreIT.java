package io.cairn.store.jdbc;

import io.cairn.store.CatalogStore;
import io.cairn.store.CatalogStoreContract;
import org.junit.jupiter.api.AfterEach;

class PostgresCatalogStoreIT extends CatalogStoreContract {
  private PostgresTestDatabase database;

  @Override
  protected CatalogStore newStore() {
    database = PostgresTestDatabase.create();
    return openSameStoreAgain();
  }

  @Override
  protected CatalogStore openSameStoreAgain() {
    return JdbcCatalogStore.open(database.jdbcUrl(), database.user(), "", 4);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      store.close();
      database.close();
    }
  }
}
