package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.service.CatalogService;
import java.util.Map;
import java.util.TreeMap;

/**
 * Glue's tag operations on the ARNs of the catalog, its databases and its tables ({@code
 * arn:aws:glue:<region>:<account>:table/<database>/<table>}); a resource keeps at most 50 tags,
 * keys of 1 to 128 and values of at most 256 characters.
 */
final class TagOperations {
  private static final int MAX_ARN_LENGTH = 10240;

  private final CatalogService service;

  TagOperations(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("TagResource", this::tagResource)
        .register("UntagResource", this::untagResource)
        .register("GetTags", this::getTags);
  }

  private ObjectNode tagResource(GlueRequest request) {
    String arn = request.requiredString("ResourceArn", 1, MAX_ARN_LENGTH);
    Map<String, String> tags =
        request.stringMap(
            "TagsToAdd",
            DatabaseOperations.MAX_TAGS,
            DatabaseOperations.MAX_TAG_KEY_LENGTH,
            DatabaseOperations.MAX_TAG_VALUE_LENGTH);
    if (tags == null) {
      throw request.invalid("TagsToAdd", null, "Member must not be null");
    }
    service.tagResource(arn, tags);
    return DatabaseOperations.empty();
  }

  private ObjectNode untagResource(GlueRequest request) {
    String arn = request.requiredString("ResourceArn", 1, MAX_ARN_LENGTH);
    service.untagResource(
        arn,
        request.requiredStrings(
            "TagsToRemove", DatabaseOperations.MAX_TAGS, DatabaseOperations.MAX_TAG_KEY_LENGTH));
    return DatabaseOperations.empty();
  }

  private ObjectNode getTags(GlueRequest request) {
    String arn = request.requiredString("ResourceArn", 1, MAX_ARN_LENGTH);
    ObjectNode response = DatabaseOperations.empty();
    ObjectNode tags = response.putObject("Tags");
    new TreeMap<>(service.loadTags(arn)).forEach(tags::put);
    return response;
  }
}
