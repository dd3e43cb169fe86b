package io.cairn.crawlers;

import io.cairn.classifiers.FileSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A storage that records which folders were listed and which files were opened. */
final class CountingStorage implements Storage {
  private final Storage storage;
  private final List<String> listed;
  private final List<String> opened;

  CountingStorage(Storage storage, List<String> listed, List<String> opened) {
    this.storage = storage;
    this.listed = listed;
    this.opened = opened;
  }

  /** Synchronised lists to record into, since files are classified on several threads. */
  static List<String> record() {
    return java.util.Collections.synchronizedList(new ArrayList<>());
  }

  @Override
  public Listing list(String folder) throws IOException {
    listed.add(folder);
    return storage.list(folder);
  }

  @Override
  public FileSource open(StoredFile file) {
    opened.add(file.path());
    return storage.open(file);
  }

  @Override
  public String folderLocation(String folder) {
    return storage.folderLocation(folder);
  }

  @Override
  public String fileLocation(String file) {
    return storage.fileLocation(file);
  }

  @Override
  public int level(String folder) {
    return storage.level(folder);
  }

  @Override
  public int parallelism() {
    return storage.parallelism();
  }

  @Override
  public void close() throws IOException {
    storage.close();
  }
}
