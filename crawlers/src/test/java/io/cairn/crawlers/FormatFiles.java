package io.cairn.crawlers;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.ql.exec.vector.VectorizedRowBatch;
import org.apache.orc.CompressionKind;
import org.apache.orc.OrcFile;
import org.apache.orc.TypeDescription;
import org.apache.orc.Writer;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes the binary and compressed files of the format tests with each format's own writer
 * (parquet-hadoop, orc-core, Avro, commons-compress, zstd-jni), never with the code under test.
 * Hadoop's writers leave hidden {@code .crc} files beside their output, as they do in a real lake;
 * the crawler skips them.
 */
final class FormatFiles {
  private FormatFiles() {}

  /** A Parquet file of {@code rows} rows; {@code fill} sets the values of row {@code i}. */
  static Path parquet(
      Path file, String schema, CompressionCodecName codec, int rows, ObjIntConsumer<Group> fill) {
    MessageType type = MessageTypeParser.parseMessageType(schema);
    SimpleGroupFactory groups = new SimpleGroupFactory(type);
    createParent(file);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withType(type)
            .withConf(new Configuration())
            .withCompressionCodec(codec)
            .build()) {
      for (int i = 0; i < rows; i++) {
        Group row = groups.newGroup();
        fill.accept(row, i);
        writer.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * An ORC file of {@code rows} rows; {@code fill} sets the values of row {@code i} at that index
   * of the batch.
   */
  static Path orc(
      Path file,
      String schema,
      CompressionKind codec,
      int rows,
      BiConsumer<VectorizedRowBatch, Integer> fill) {
    TypeDescription type = TypeDescription.fromString(schema);
    createParent(file);
    try (Writer writer =
        OrcFile.createWriter(
            new org.apache.hadoop.fs.Path(file.toUri()),
            OrcFile.writerOptions(new Configuration()).setSchema(type).compress(codec))) {
      VectorizedRowBatch batch = type.createRowBatch();
      for (int row = 0; row < rows; row++) {
        int index = batch.size++;
        fill.accept(batch, index);
        if (batch.size == batch.getMaxSize()) {
          writer.addRowBatch(batch);
          batch.reset();
        }
      }
      if (batch.size > 0) {
        writer.addRowBatch(batch);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** An Avro container file of {@code records}, in blocks compressed with {@code codec}. */
  static Path avro(Path file, Schema schema, CodecFactory codec, List<GenericRecord> records) {
    createParent(file);
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(codec);
      writer.create(schema, file.toFile());
      for (GenericRecord record : records) {
        writer.append(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path bzip2(Path file, String content) {
    createParent(file);
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static Path zstd(Path file, String content) {
    createParent(file);
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The total size of the files under {@code folder} whose names end with {@code suffix}. */
  static long sizeOf(Path folder, String suffix) {
    try (var files = Files.walk(folder)) {
      long size = 0;
      for (Path file : files.filter(path -> isData(path, suffix)).toList()) {
        size += Files.size(file);
      }
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isData(Path path, String suffix) {
    String name = path.getFileName().toString();
    return Files.isRegularFile(path) && !name.startsWith(".") && name.endsWith(suffix);
  }

  private static void createParent(Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
