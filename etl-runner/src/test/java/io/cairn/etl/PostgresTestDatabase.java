package io.cairn.etl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throw-away PostgreSQL database for one test, on the server at 127.0.0.1:5432 (or
 * CAIRN_TEST_POSTGRES_URL, as user CAIRN_TEST_POSTGRES_USER), as the server module's PostgreSQL
 * tests use it. When CI=true an unreachable server fails the test; elsewhere the test is skipped
 * with the reason.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  private static final String ADMIN_URL =
      System.getenv()
          .getOrDefault("CAIRN_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER =
      System.getenv().getOrDefault("CAIRN_TEST_POSTGRES_USER", "postgres");

  private final String name;

  private PostgresTestDatabase(String name) {
    this.name = name;
  }

  public static PostgresTestDatabase create() {
    String name = "cairn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      String reason = "PostgreSQL is not reachable at " + ADMIN_URL + ": " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(reason + " (CI=true: PostgreSQL tests are mandatory)");
      }
      abort(reason);
    }
    return new PostgresTestDatabase(name);
  }

  public String jdbcUrl() {
    return ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
  }

  public String user() {
    return USER;
  }

  @Override
  public void close() {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test database " + name, e);
    }
  }
}
