package io.cairn.service;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.TableName;
import io.cairn.catalog.ValidationException;
import java.util.List;
import java.util.Locale;

/**
 * Glue-style ARNs that address taggable resources: {@code arn:aws:glue:<region>:<account>:catalog},
 * {@code …:database/<db>}, {@code …:table/<db>/<table>} and the other Glue resource kinds.
 */
public final class ResourceArns {
  private static final List<String> NAMED_KINDS =
      List.of(
          "connection",
          "crawler",
          "job",
          "trigger",
          "workflow",
          "mlTransform",
          "devEndpoint",
          "registry",
          "schema",
          "session",
          "dataQualityRuleset",
          "blueprint");

  private final String region;
  private final String accountId;

  public ResourceArns(String region, String accountId) {
    this.region = requireNonNull(region, "region is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  public String accountId() {
    return accountId;
  }

  public String catalog() {
    return prefix() + "catalog";
  }

  public String database(DatabaseName name) {
    return prefix() + "database/" + name.database();
  }

  /** The prefix shared by the ARNs of every table of a database. */
  public String tablesOf(DatabaseName name) {
    return prefix() + "table/" + name.database();
  }

  public String table(TableName name) {
    return prefix() + "table/" + name.database() + "/" + name.table();
  }

  /** What an ARN addresses; throws ValidationException for anything that is not one of ours. */
  public Resource parse(String arn) {
    if (arn == null || !arn.startsWith("arn:")) {
      throw new ValidationException("not an ARN: '" + arn + "'");
    }
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !parts[2].equals("glue")) {
      throw new ValidationException("not a Glue ARN: '" + arn + "'");
    }
    if (!parts[3].equals(region) || !parts[4].equals(accountId)) {
      throw new ValidationException(
          "ARN '"
              + arn
              + "' is not of this catalog (region "
              + region
              + ", account "
              + accountId
              + ")");
    }
    String resource = parts[5];
    if (resource.equals("catalog")) {
      return new Resource("catalog", List.of());
    }
    int slash = resource.indexOf('/');
    if (slash <= 0) {
      throw new ValidationException("ARN '" + arn + "' names no resource");
    }
    String kind = resource.substring(0, slash);
    List<String> names = List.of(resource.substring(slash + 1).split("/", -1));
    int expected =
        switch (kind) {
          case "database" -> 1;
          case "table", "userDefinedFunction" -> 2;
          default -> NAMED_KINDS.contains(kind) ? 1 : -1;
        };
    if (expected < 0) {
      throw new ValidationException(
          "ARN '" + arn + "' has an unknown resource kind '" + kind + "'");
    }
    if (names.size() != expected || names.stream().anyMatch(String::isEmpty)) {
      throw new ValidationException("ARN '" + arn + "' is malformed for a " + kind);
    }
    if (kind.equals("database") || kind.equals("table") || kind.equals("userDefinedFunction")) {
      names = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    }
    return new Resource(kind, names);
  }

  /** The canonical form of an ARN: database and table names lower-cased. */
  public String canonical(String arn) {
    Resource resource = parse(arn);
    return resource.names().isEmpty()
        ? prefix() + resource.kind()
        : prefix() + resource.kind() + "/" + String.join("/", resource.names());
  }

  private String prefix() {
    return "arn:aws:glue:" + region + ":" + accountId + ":";
  }

  /** A parsed ARN: its resource kind and names (database, or database and table, ...). */
  public record Resource(String kind, List<String> names) {
    public Resource {
      names = List.copyOf(names);
    }
  }
}
