package io.cairn.service;

import io.cairn.store.CatalogStore;
import io.cairn.store.jdbc.JdbcCatalogStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteServiceCrawlerCatalogIT extends ServiceCrawlerCatalogContract {
  @TempDir Path directory;

  @Override
  protected CatalogStore newStore() {
    return JdbcCatalogStore.open("jdbc:sqlite:" + directory.resolve("catalog.db"), null, null, 4);
  }
}
