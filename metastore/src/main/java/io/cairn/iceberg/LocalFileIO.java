package io.cairn.iceberg;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * The server's default {@link FileIO}: files on the local file system, named by {@code file:} URIs
 * ({@code file:/p}, {@code file:///p}) or absolute paths. Iceberg's own local FileIO ({@code
 * HadoopFileIO}) needs Hadoop, which is not on the server's class path; any other FileIO can be
 * configured instead ({@code iceberg.file-io-impl}).
 */
public final class LocalFileIO implements FileIO {
  private static final long serialVersionUID = 1L;

  /** The file keeps the location it was opened by, as metadata readers record it. */
  @Override
  public InputFile newInputFile(String location) {
    return new LocalInput(location, org.apache.iceberg.Files.localInput(file(location)));
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutput(location, org.apache.iceberg.Files.localOutput(file(location)));
  }

  /** A file that does not exist is deleted already. */
  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(file(location).toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }

  private record LocalInput(String location, InputFile file) implements InputFile {
    @Override
    public long getLength() {
      return file.getLength();
    }

    /** A missing file is Iceberg's NotFoundException, worded as Iceberg's HadoopFileIO words it. */
    @Override
    public SeekableInputStream newStream() {
      if (!file.exists()) {
        throw new NotFoundException("Failed to open input stream for file: %s", location);
      }
      return file.newStream();
    }

    @Override
    public boolean exists() {
      return file.exists();
    }
  }

  private record LocalOutput(String location, OutputFile file) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return file.create();
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return file.createOrOverwrite();
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInput(location, file.toInputFile());
    }
  }

  static File file(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location.replace(" ", "%20"))).toFile();
    }
    if (location.startsWith("/")) {
      return new File(location);
    }
    throw new IllegalArgumentException(
        "LocalFileIO reads and writes only local files (file: URIs or absolute paths), not '"
            + location
            + "'");
  }
}
