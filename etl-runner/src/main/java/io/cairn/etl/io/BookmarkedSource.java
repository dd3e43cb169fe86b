package io.cairn.etl.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.TransformContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A source that reads only what its job bookmark says is new, when the run has bookmarks. */
public interface BookmarkedSource extends Source {
  /** Reads what is beyond {@code bookmark}'s processed state and records the state after it. */
  Dataset<Row> read(TransformContext context, JsonNode configuration, SourceBookmark bookmark);
}
