package io.cairn.store.jdbc;

import io.cairn.store.CatalogStore;
import io.cairn.store.CatalogStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteCatalogStoreIT extends CatalogStoreContract {
  @TempDir Path directory;

  @Override
  protected CatalogStore newStore() {
    return JdbcCatalogStore.open(url(), null, null, 4);
  }

  @Override
  protected CatalogStore openSameStoreAgain() {
    return JdbcCatalogStore.open(url(), null, null, 4);
  }

  private String url() {
    return "jdbc:sqlite:" + directory.resolve("catalog.db");
  }
}
