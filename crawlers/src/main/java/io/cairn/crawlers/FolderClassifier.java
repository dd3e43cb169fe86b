package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.Classification;
import io.cairn.classifiers.Classifiers;
import io.cairn.classifiers.FileSource;
import io.cairn.crawlers.Storage.StoredFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Classifies a sample of each folder's files on a small pool of threads and reduces each folder to
 * its schema as soon as its files are done, so that no more than a window of classifications is
 * held at a time and no file content outlives its classification.
 */
final class FolderClassifier {
  /** Classifications under way or done but not yet reduced into their folder. */
  private static final int WINDOW = 64;

  private final Classifiers classifiers;
  private final Storage storage;
  private final int threads;
  private final boolean ignoreSimilarity;
  private final BooleanSupplier stopRequested;
  private final CrawlListener listener;
  private final Consumer<String> log;
  private final AtomicLong filesRead = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();

  FolderClassifier(
      Classifiers classifiers,
      Storage storage,
      int threads,
      boolean ignoreSimilarity,
      BooleanSupplier stopRequested,
      CrawlListener listener,
      Consumer<String> log) {
    this.classifiers = requireNonNull(classifiers, "classifiers is null");
    this.storage = requireNonNull(storage, "storage is null");
    this.threads = threads;
    this.ignoreSimilarity = ignoreSimilarity;
    this.stopRequested = requireNonNull(stopRequested, "stopRequested is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.log = requireNonNull(log, "log is null");
  }

  long filesRead() {
    return filesRead.get();
  }

  long bytesRead() {
    return bytesRead.get();
  }

  /**
   * What each folder with files holds, keyed by folder path.
   *
   * @param sampleSize how many files of each folder to classify; 0 for all
   * @throws CrawlStoppedException when stopped
   */
  Map<String, FolderContent> classify(List<Folder> folders, int sampleSize) {
    long total = 0;
    for (Folder folder : folders) {
      total += sample(folder, sampleSize).size();
    }
    Map<String, FolderContent> contents = new HashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "crawler-classify");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Deque<Pending> window = new ArrayDeque<>();
      long done = 0;
      for (Folder folder : folders) {
        List<StoredFile> sample = sample(folder, sampleSize);
        FolderOutcomes outcomes = new FolderOutcomes(folder, sample.size());
        for (StoredFile file : sample) {
          checkStop(folder);
          window.add(new Pending(outcomes, CompletableFuture.supplyAsync(() -> read(file), pool)));
          while (window.size() >= WINDOW) {
            drain(window.removeFirst(), contents, sampleSize);
            listener.classified(++done, total);
          }
        }
      }
      while (!window.isEmpty()) {
        checkStop(null);
        drain(window.removeFirst(), contents, sampleSize);
        listener.classified(++done, total);
      }
    } finally {
      pool.shutdownNow();
    }
    return contents;
  }

  private void checkStop(Folder folder) {
    if (stopRequested.getAsBoolean()) {
      throw new CrawlStoppedException(
          "crawl stopped while classifying"
              + (folder == null ? "" : " " + storage.folderLocation(folder.path())));
    }
  }

  private static List<StoredFile> sample(Folder folder, int sampleSize) {
    List<StoredFile> files = folder.files();
    return sampleSize == 0 || files.size() <= sampleSize ? files : files.subList(0, sampleSize);
  }

  private void drain(Pending pending, Map<String, FolderContent> contents, int sampleSize) {
    FolderOutcomes outcomes = pending.outcomes();
    outcomes.results.add(pending.result().join());
    if (outcomes.results.size() == outcomes.expected) {
      Folder folder = outcomes.folder;
      List<StoredFile> rest = folder.files().subList(outcomes.expected, folder.files().size());
      contents.put(folder.path(), reduce(folder, outcomes.results, rest));
    }
  }

  /** Merges a folder's classified files; files left out of the sample are counted alike. */
  private FolderContent reduce(Folder folder, List<FileOutcome> results, List<StoredFile> rest) {
    List<Schema> clusters = cluster(results);
    // Files beside sub-folders are tables of their own, as Glue makes them.
    if (clusters.size() == 1 && folder.children().isEmpty()) {
      long restBytes = 0;
      for (StoredFile file : rest) {
        restBytes += file.size();
      }
      Schema schema = clusters.get(0);
      return FolderContent.of(
          schema.withStatistics(
              schema
                  .statistics()
                  .extendedTo(rest.size(), restBytes, schema.statistics().objectCount())));
    }
    if (clusters.isEmpty()) {
      return FolderContent.EMPTY;
    }
    // Files of several schemas side by side (or beside sub-folders) become tables of their own, as
    // Glue makes them; the files outside the sample must then be classified too.
    List<FileOutcome> all = new ArrayList<>(results);
    for (StoredFile file : rest) {
      checkStop(folder);
      FileOutcome outcome = read(file);
      if (!outcome.classification().isKnown()) {
        logUnknown(outcome);
      }
      all.add(outcome);
    }
    List<FileSchema> files = new ArrayList<>();
    for (FileOutcome outcome : all) {
      if (outcome.classification().isKnown()) {
        files.add(
            new FileSchema(
                outcome.file(), Schema.of(outcome.classification(), outcome.file().size())));
      }
    }
    return FolderContent.ofFiles(files);
  }

  private List<Schema> cluster(List<FileOutcome> results) {
    List<Schema> clusters = new ArrayList<>();
    for (FileOutcome outcome : results) {
      Classification classification = outcome.classification();
      if (!classification.isKnown()) {
        logUnknown(outcome);
        continue;
      }
      Schema schema = Schema.of(classification, outcome.file().size());
      boolean merged = false;
      for (int i = 0; i < clusters.size() && !merged; i++) {
        Schema combined = clusters.get(i).mergeWith(schema, ignoreSimilarity);
        if (combined != null) {
          clusters.set(i, combined);
          merged = true;
        }
      }
      if (!merged) {
        clusters.add(schema);
      }
    }
    return clusters;
  }

  private void logUnknown(FileOutcome outcome) {
    log.accept(
        "Skipped "
            + storage.fileLocation(outcome.file().path())
            + ": no classifier recognised it ("
            + outcome.classification().reason()
            + ")");
  }

  /** Classifies one file; a file that cannot be read is UNKNOWN, never a failed crawl. */
  private FileOutcome read(StoredFile file) {
    FileSource source = counting(storage.open(file));
    Classification classification;
    try {
      classification = classifiers.classify(source);
    } catch (IOException | RuntimeException e) {
      classification = Classification.unknown("cannot be read: " + e.getMessage());
    }
    filesRead.incrementAndGet();
    return new FileOutcome(file, classification);
  }

  private FileSource counting(FileSource source) {
    return new FileSource() {
      @Override
      public String name() {
        return source.name();
      }

      @Override
      public long size() {
        return source.size();
      }

      @Override
      public InputStream open() throws IOException {
        return new FilterInputStream(source.open()) {
          @Override
          public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
              bytesRead.incrementAndGet();
            }
            return value;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
              bytesRead.addAndGet(count);
            }
            return count;
          }
        };
      }

      @Override
      public byte[] read(long position, int length) throws IOException {
        byte[] bytes = source.read(position, length);
        bytesRead.addAndGet(bytes.length);
        return bytes;
      }
    };
  }

  private record FileOutcome(StoredFile file, Classification classification) {}

  private record Pending(FolderOutcomes outcomes, CompletableFuture<FileOutcome> result) {}

  private static final class FolderOutcomes {
    private final Folder folder;
    private final int expected;
    private final List<FileOutcome> results = new ArrayList<>();

    FolderOutcomes(Folder folder, int expected) {
      this.folder = folder;
      this.expected = expected;
    }
  }

  /** One file's schema, in a folder whose files do not share one. */
  record FileSchema(StoredFile file, Schema schema) {}

  /**
   * What a folder's own files hold: one {@code schema} for all of them, or (files of several
   * schemas side by side) each file's, or nothing recognised.
   */
  record FolderContent(Schema schema, List<FileSchema> files) {
    static final FolderContent EMPTY = new FolderContent(null, List.of());

    FolderContent {
      files = List.copyOf(files);
    }

    static FolderContent of(Schema schema) {
      return new FolderContent(requireNonNull(schema, "schema is null"), List.of());
    }

    static FolderContent ofFiles(List<FileSchema> files) {
      return new FolderContent(null, files);
    }
  }
}
