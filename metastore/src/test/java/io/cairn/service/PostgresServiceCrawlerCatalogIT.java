package io.cairn.service;

import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import io.cairn.store.jdbc.PostgresTestDatabase;

class PostgresServiceCrawlerCatalogIT extends ServiceCrawlerCatalogContract {
  private PostgresTestDatabase database;

  @Override
  protected CatalogStore newStore() {
    database = PostgresTestDatabase.create();
    return JdbcCatalogStore.open(database.jdbcUrl(), database.user(), "", 4);
  }

  @Override
  protected void storeClosed() {
    database.close();
  }
}
