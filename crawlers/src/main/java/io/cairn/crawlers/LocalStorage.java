package io.cairn.crawlers;

import static java.util.Objects.requireNonNull;

import io.cairn.classifiers.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** A target on the local file system. */
final class LocalStorage implements Storage {
  private final Path root;

  private LocalStorage(Path root) {
    this.root = requireNonNull(root, "root is null");
  }

  /**
   * @throws UncheckedIOException when the target is not an existing folder: a mistyped path must
   *     not look like data that is gone
   */
  static LocalStorage open(String targetPath) {
    Path path;
    if (targetPath.startsWith("file:")) {
      try {
        path = Path.of(URI.create(targetPath.replaceFirst("^file:/+", "file:///")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a file URI: " + targetPath, e);
      }
    } else {
      path = Path.of(targetPath);
    }
    path = path.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new UncheckedIOException(
          new NoSuchFileException(path.toString(), null, "the crawl target does not exist"));
    }
    if (!Files.isDirectory(path)) {
      throw new UncheckedIOException(
          new NotDirectoryException(path + ": the crawl target is not a folder"));
    }
    return new LocalStorage(path);
  }

  @Override
  public Listing list(String folder) throws IOException {
    List<StoredFile> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(folder))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
          folders.add(name);
        } else if (attributes.isRegularFile()) {
          files.add(new StoredFile(Storage.child(folder, name), attributes.size()));
        }
      }
    }
    return new Listing(files, folders);
  }

  @Override
  public FileSource open(StoredFile file) {
    Path path = resolve(file.path());
    return new FileSource() {
      @Override
      public String name() {
        return path.toString();
      }

      @Override
      public long size() {
        return file.size();
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(path);
      }

      @Override
      public byte[] read(long position, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
          long available = Math.max(0, channel.size() - position);
          ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
              break;
            }
          }
          byte[] bytes = new byte[buffer.position()];
          buffer.flip().get(bytes);
          return bytes;
        }
      }
    };
  }

  @Override
  public int parallelism() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public String folderLocation(String folder) {
    // file:/abs/dir is how Hive's and Spark's Hadoop Path print a local folder.
    return "file:" + resolve(folder);
  }

  @Override
  public String fileLocation(String file) {
    return "file:" + resolve(file);
  }

  @Override
  public int level(String folder) {
    return resolve(folder).getNameCount() + 1;
  }

  private Path resolve(String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
  }
}
