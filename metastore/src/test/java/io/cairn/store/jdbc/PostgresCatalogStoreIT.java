package io.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.store.CatalogStore;
import io.cairn.store.CatalogStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

  /**
   * Every pooled connection is usable from its first use, also when many are opened at once (each
   * new connection used to start life inside an open transaction, failing its first read).
   */
  @Test
  void aFreshPoolServesConcurrentReadsAndWritesOnEveryConnection() throws Exception {
    try (CatalogStore fresh = JdbcCatalogStore.open(database.jdbcUrl(), database.user(), "", 10)) {
      ExecutorService threads = Executors.newFixedThreadPool(16);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
          boolean write = i % 4 == 0;
          calls.add(
              threads.submit(
                  () ->
                      write
                          ? fresh.write(transaction -> transaction.listCatalogs())
                          : fresh.read(transaction -> transaction.listCatalogs())));
        }
        for (Future<?> call : calls) {
          call.get(60, TimeUnit.SECONDS);
        }
      } finally {
        threads.shutdownNow();
      }
      String jit =
          fresh.read(
              transaction -> {
                try (var statement =
                        ((JdbcStoreTransaction) transaction).connection().createStatement();
                    var result = statement.executeQuery("SHOW jit")) {
                  result.next();
                  return result.getString(1);
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(jit).isEqualTo("off");
    }
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      store.close();
      database.close();
    }
  }
}
