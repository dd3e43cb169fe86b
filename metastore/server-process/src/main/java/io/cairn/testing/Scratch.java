package io.cairn.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the benchmarks create for a run and remove after it: a work directory, and PostgreSQL
 * databases made by plain SQL on a server (the JDBC driver comes from the caller's class path).
 */
public final class Scratch {
  private Scratch() {}

  /** Deletes {@code directory} and everything below it. */
  public static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Runs one statement ({@code CREATE DATABASE …}, say) on {@code url} as {@code user}. */
  public static void execute(String url, String user, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on " + url + " failed", e);
    }
  }
}
