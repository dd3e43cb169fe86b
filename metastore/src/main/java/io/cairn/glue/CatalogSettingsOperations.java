package io.cairn.glue;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.catalog.Catalog;
import io.cairn.service.CatalogService;

/**
 * The catalog-wide calls that clients make when they start (Athena's and EMR's Glue clients, the
 * AWS CLI), answered with what holds for Cairn: the catalog was never imported from Athena (so it
 * counts as imported), it is not encrypted with KMS, and it has no resource policies.
 */
final class CatalogSettingsOperations {
  private final CatalogService service;
  private final String accountId;

  CatalogSettingsOperations(CatalogService service, String accountId) {
    this.service = requireNonNull(service, "service is null");
    this.accountId = requireNonNull(accountId, "accountId is null");
  }

  void registerWith(GlueOperations operations) {
    operations
        .register("GetCatalogImportStatus", this::getCatalogImportStatus)
        .register("GetDataCatalogEncryptionSettings", this::getDataCatalogEncryptionSettings)
        .register("GetResourcePolicy", this::getResourcePolicy)
        .register("GetResourcePolicies", this::getResourcePolicies);
  }

  /** The catalog is Glue's from its start: imported, at the time it was created. */
  private ObjectNode getCatalogImportStatus(GlueRequest request) {
    request.requireCatalog(accountId);
    Catalog catalog = service.loadCatalog(service.defaultCatalog());
    ObjectNode response = DatabaseOperations.empty();
    ObjectNode status = response.putObject("ImportStatus").put("ImportCompleted", true);
    GlueConverter.putTimestamp(status, "ImportTime", catalog.createTime());
    status.put("ImportedBy", "cairn");
    return response;
  }

  private ObjectNode getDataCatalogEncryptionSettings(GlueRequest request) {
    request.requireCatalog(accountId);
    ObjectNode response = DatabaseOperations.empty();
    ObjectNode settings = response.putObject("DataCatalogEncryptionSettings");
    settings.putObject("EncryptionAtRest").put("CatalogEncryptionMode", "DISABLED");
    settings
        .putObject("ConnectionPasswordEncryption")
        .put("ReturnConnectionPasswordEncrypted", false);
    return response;
  }

  /** There is no policy, which AWS answers with EntityNotFoundException. */
  private ObjectNode getResourcePolicy(GlueRequest request) {
    String arn = request.string("ResourceArn", 1, 10240);
    if (arn != null) {
      service.arns().parse(arn);
    }
    throw GlueException.entityNotFound("Policy not found");
  }

  private ObjectNode getResourcePolicies(GlueRequest request) {
    request.page(1000);
    ObjectNode response = DatabaseOperations.empty();
    response.putArray("GetResourcePoliciesResponseList");
    return response;
  }
}
