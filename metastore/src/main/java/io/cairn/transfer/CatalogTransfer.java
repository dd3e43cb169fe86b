package io.cairn.transfer;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.catalog.DatabaseName;
import io.cairn.catalog.ValidationException;
import io.cairn.json.CatalogJson;
import io.cairn.service.CatalogService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Export and import of the catalog as one JSON document (format in {@code docs/export-format.md}).
 *
 * <p>Both stream: an export reads partitions a page at a time from one read snapshot and writes
 * them as it goes; an import parses the document as it reads it and writes partitions in batches.
 * Neither holds a table's partitions in memory. An import is one store transaction: it commits
 * whole or not at all, also when the process is killed.
 *
 * <p>Database names select what to transfer: {@code sales} is a database of the default catalog,
 * {@code other.sales} one of catalog {@code other}; an empty set means every database.
 */
public final class CatalogTransfer {
  /** The value of the document's {@code format} field. */
  public static final String FORMAT = "cairn-catalog";

  /** The version of the format this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Partitions per page read on export and per batch written on import. */
  static final int PARTITION_BATCH_SIZE = 1000;

  private final CatalogService service;
  private final Clock clock;
  private final ProgressListener progress;
  private final ObjectMapper mapper = CatalogJson.newObjectMapper();

  /**
   * Transfers the catalog of {@code service}'s store, with its default catalog and ARNs (which
   * address tags). The store is used directly so that an import is a single transaction.
   */
  public CatalogTransfer(CatalogService service, Clock clock, ProgressListener progress) {
    this.service = requireNonNull(service, "service is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /**
   * Writes the selected databases (all when {@code databaseNames} is empty) with their tables,
   * versions, partitions, statistics, indexes and tags to {@code out}, which stays open. A name
   * that names no database fails before anything is written.
   */
  public TransferSummary export(OutputStream out, Set<String> databaseNames) {
    requireNonNull(out, "out is null");
    Set<DatabaseName> selection = selection(databaseNames);
    Instant exportedAt = clock.instant();
    return service
        .store()
        .read(
            transaction -> {
              try (JsonGenerator generator = mapper.createGenerator(out)) {
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                generator.useDefaultPrettyPrinter();
                return new CatalogExporter(
                        transaction,
                        mapper,
                        generator,
                        service.defaultCatalog(),
                        service.arns(),
                        PARTITION_BATCH_SIZE,
                        progress)
                    .export(exportedAt, selection);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  /**
   * Imports the selected databases of the document in {@code in} (all when {@code databaseNames} is
   * empty; a selected name missing from the document is an error) in one transaction. Catalogs the
   * target lacks are created. Nothing is written unless everything is valid. What is created is
   * logged in the notification log, in the same transaction ({@link ImportEvents}).
   *
   * @throws CatalogImportException if the document is malformed or invalid, or a database exists
   *     already in {@link ImportMode#FAIL_IF_EXISTS} mode; the message names the place in the
   *     document
   */
  public TransferSummary importCatalog(InputStream in, Set<String> databaseNames, ImportMode mode) {
    requireNonNull(in, "in is null");
    requireNonNull(mode, "mode is null");
    Set<DatabaseName> selection = selection(databaseNames);
    return service
        .store()
        .write(
            transaction -> {
              try (JsonParser parser = mapper.createParser(in)) {
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                TransferSummary summary =
                    new CatalogImporter(
                            transaction,
                            parser,
                            mapper,
                            service.defaultCatalog(),
                            service.arns(),
                            clock,
                            selection,
                            mode,
                            PARTITION_BATCH_SIZE,
                            progress,
                            new ImportEvents(transaction, service, PARTITION_BATCH_SIZE))
                        .run();
                progress.committing();
                return summary;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private Set<DatabaseName> selection(Set<String> databaseNames) {
    Set<DatabaseName> selection = new LinkedHashSet<>();
    for (String name : requireNonNull(databaseNames, "databaseNames is null")) {
      String[] parts = name.trim().split("\\.", -1);
      if (parts.length > 2 || parts[parts.length - 1].isEmpty() || parts[0].isEmpty()) {
        throw new ValidationException(
            "'" + name + "' is not a database name (DATABASE or CATALOG.DATABASE)");
      }
      selection.add(
          parts.length == 1
              ? new DatabaseName(service.defaultCatalog(), parts[0])
              : new DatabaseName(parts[0], parts[1]));
    }
    return selection;
  }
}
