package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One entry of the notification log: a committed catalog change, for consumers that follow changes
 * (replication, caches) through the Hive Metastore notification API. {@code id} is 0 until the
 * store assigns it on append; ids then increase in commit order. {@code type} is one of Hive's
 * event type names ({@link Type}); {@code table} is null for events about a database or a function.
 * {@code database} and {@code table} name the object the change is logged under, as Hive logs it
 * (an added foreign key under the table it references). {@code message} describes the change in
 * {@code messageFormat}.
 */
public record NotificationEvent(
    long id,
    Instant time,
    String type,
    String catalog,
    String database,
    String table,
    String message,
    String messageFormat) {
  /** The format of messages in the domain JSON ({@code io.cairn.json.CatalogJson}). */
  public static final String CAIRN_JSON_FORMAT = "cairn-json-1";

  public NotificationEvent {
    requireNonNull(time, "time is null");
    requireNonNull(type, "type is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(database, "database is null");
    requireNonNull(message, "message is null");
    requireNonNull(messageFormat, "messageFormat is null");
  }

  /** The event types Cairn records, named as Hive names them. */
  public enum Type {
    CREATE_DATABASE,
    ALTER_DATABASE,
    DROP_DATABASE,
    CREATE_TABLE,
    ALTER_TABLE,
    DROP_TABLE,
    ADD_PARTITION,
    ALTER_PARTITION,
    DROP_PARTITION,
    CREATE_FUNCTION,
    DROP_FUNCTION,
    UPDATE_TABLE_COLUMN_STAT,
    UPDATE_PARTITION_COLUMN_STAT,
    DELETE_TABLE_COLUMN_STAT,
    DELETE_PARTITION_COLUMN_STAT,
    ADD_PRIMARYKEY,
    ADD_FOREIGNKEY,
    ADD_UNIQUECONSTRAINT,
    ADD_NOTNULLCONSTRAINT,
    ADD_DEFAULTCONSTRAINT,
    ADD_CHECKCONSTRAINT,
    DROP_CONSTRAINT
  }
}
