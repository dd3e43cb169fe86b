package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cairn's {@code JdbcSource} node: a table ({@code Table}) or the result of a query ({@code Query})
 * of the database at {@code Url}, as {@code User}. Glue's {@code JDBCConnectorSource} names a
 * catalog connection instead, which the runner does not have; the password is never in the job file
 * but in the job argument named by {@code PasswordArgument}. The PostgreSQL driver ships with the
 * runner; others are found by {@code Driver} on the class path.
 */
public final class JdbcSource implements Source {
  @Override
  public String type() {
    return "JdbcSource";
  }

  @Override
  public List<String> validate(JsonNode configuration) {
    List<String> problems = new ArrayList<>();
    Settings.requireText(configuration, "Url", problems);
    Settings.text(configuration, "Url")
        .filter(url -> !url.startsWith("jdbc:"))
        .ifPresent(url -> problems.add("Url must start with jdbc:"));
    boolean table = Settings.text(configuration, "Table").isPresent();
    boolean query = Settings.text(configuration, "Query").isPresent();
    if (table == query) {
      problems.add("exactly one of Table and Query is needed");
    }
    return problems;
  }

  @Override
  public Dataset<Row> read(TransformContext context, JsonNode configuration) {
    DataFrameReader reader =
        context
            .spark()
            .read()
            .format("jdbc")
            .option("url", Settings.requiredText(configuration, "Url"));
    if (Settings.text(configuration, "Table").isPresent()) {
      reader = reader.option("dbtable", Settings.requiredText(configuration, "Table"));
    } else {
      reader = reader.option("query", Settings.requiredText(configuration, "Query"));
    }
    if (Settings.text(configuration, "User").isPresent()) {
      reader = reader.option("user", Settings.requiredText(configuration, "User"));
    }
    if (Settings.text(configuration, "PasswordArgument").isPresent()) {
      String argument = Settings.requiredText(configuration, "PasswordArgument");
      String password = context.arguments().get(argument);
      if (password == null) {
        throw new IllegalArgumentException(
            "the job argument --" + argument + " (the JDBC password) is missing");
      }
      reader = reader.option("password", password);
    }
    if (Settings.text(configuration, "Driver").isPresent()) {
      reader = reader.option("driver", Settings.requiredText(configuration, "Driver"));
    }
    return reader.load();
  }
}
