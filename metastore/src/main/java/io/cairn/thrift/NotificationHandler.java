package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.NotificationEvent;
import io.cairn.service.CatalogService;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.hadoop.hive.metastore.api.CurrentNotificationEventId;
import org.apache.hadoop.hive.metastore.api.NotificationEventRequest;
import org.apache.hadoop.hive.metastore.api.NotificationEventResponse;
import org.apache.hadoop.hive.metastore.api.NotificationEventsCountRequest;
import org.apache.hadoop.hive.metastore.api.NotificationEventsCountResponse;

/**
 * The Hive Metastore notification API over Cairn's notification log, dispatched to by {@link
 * HandlerInvocation} as {@link HiveMetastoreHandler}'s methods are. Event ids have no gaps, so
 * Hive's client-side check for missing events holds. Messages are in Hive's JSON message format
 * ({@link HiveEventMessages}), so Hive's own message deserializer reads them.
 */
final class NotificationHandler {
  private final CatalogService service;
  private final HiveNames names;

  NotificationHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
    this.names = new HiveNames(service.defaultCatalog());
  }

  public CurrentNotificationEventId get_current_notificationEventId() {
    return new CurrentNotificationEventId(service.currentNotificationId());
  }

  /**
   * Events after {@code lastEvent}, at most {@code maxEvents} (none or 0 means as many as one read
   * returns, {@link CatalogService#MAX_NOTIFICATIONS_PER_READ}), without the skipped types, and of
   * the requested catalog, database and tables when the request names them (Hive 4's filters).
   */
  public NotificationEventResponse get_next_notification(NotificationEventRequest request) {
    int maxEvents =
        request.isSetMaxEvents() && request.getMaxEvents() > 0
            ? Math.min(request.getMaxEvents(), CatalogService.MAX_NOTIFICATIONS_PER_READ)
            : CatalogService.MAX_NOTIFICATIONS_PER_READ;
    Set<String> eventTypes = eventTypesWithout(request.getEventTypeSkipList());
    Predicate<NotificationEvent> wanted = filter(request);
    List<org.apache.hadoop.hive.metastore.api.NotificationEvent> events = new ArrayList<>();
    long after = request.getLastEvent();
    // Filtered out events still count against each read, so read on until enough match or the
    // log ends.
    while (events.size() < maxEvents) {
      List<NotificationEvent> read = service.listNotifications(after, maxEvents, eventTypes);
      read.stream()
          .filter(wanted)
          .limit(maxEvents - events.size())
          .forEach(event -> events.add(HiveEventMessages.toThrift(event)));
      if (read.size() < maxEvents) {
        break;
      }
      after = read.get(read.size() - 1).id();
    }
    return new NotificationEventResponse(events);
  }

  /**
   * Hive's count: events with {@code fromEventId < id <= toEventId} (no upper bound unless given)
   * of the catalog and of the database unless it is {@code *}, capped at {@code limit} if given.
   */
  public NotificationEventsCountResponse get_notification_events_count(
      NotificationEventsCountRequest request) {
    String database = request.getDbName();
    String catalog;
    if (database == null || database.equals("*")) {
      catalog = names.catalog(request.getCatName());
      database = null;
    } else {
      DatabaseName name = names.database(request.getCatName(), database);
      catalog = name.catalog();
      database = name.database();
    }
    long toEventId = request.isSetToEventId() ? request.getToEventId() : Long.MAX_VALUE;
    long count = service.countNotifications(request.getFromEventId(), toEventId, catalog, database);
    if (request.isSetLimit() && count > request.getLimit()) {
      count = request.getLimit();
    }
    return new NotificationEventsCountResponse(count);
  }

  private static Set<String> eventTypesWithout(List<String> skipped) {
    if (skipped == null || skipped.isEmpty()) {
      return null;
    }
    Set<String> types =
        EnumSet.allOf(NotificationEvent.Type.class).stream()
            .map(Enum::name)
            .collect(Collectors.toCollection(HashSet::new));
    types.removeAll(skipped);
    return types;
  }

  private Predicate<NotificationEvent> filter(NotificationEventRequest request) {
    Predicate<NotificationEvent> filter = event -> true;
    if (request.isSetCatName()) {
      String catalog = names.catalog(request.getCatName()).toLowerCase(Locale.ROOT);
      filter = filter.and(event -> event.catalog().equals(catalog));
    }
    if (request.isSetDbName()) {
      DatabaseName database = names.database(request.getCatName(), request.getDbName());
      filter =
          filter.and(
              event ->
                  event.catalog().equals(database.catalog())
                      && event.database().equals(database.database()));
    }
    if (request.isSetTableNames() && !request.getTableNames().isEmpty()) {
      Set<String> tables =
          request.getTableNames().stream()
              .map(table -> table.toLowerCase(Locale.ROOT))
              .collect(Collectors.toSet());
      filter = filter.and(event -> event.table() != null && tables.contains(event.table()));
    }
    return filter;
  }
}
