package io.cairn.thrift;

import static java.util.Objects.requireNonNull;

import io.cairn.catalog.ValidationException;
import io.cairn.service.CatalogService;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.hadoop.hive.metastore.api.AlterCatalogRequest;
import org.apache.hadoop.hive.metastore.api.Catalog;
import org.apache.hadoop.hive.metastore.api.CreateCatalogRequest;
import org.apache.hadoop.hive.metastore.api.DropCatalogRequest;
import org.apache.hadoop.hive.metastore.api.GetCatalogRequest;
import org.apache.hadoop.hive.metastore.api.GetCatalogResponse;
import org.apache.hadoop.hive.metastore.api.GetCatalogsResponse;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;

/**
 * Hive's catalogs: the namespace above databases. A new catalog comes with a {@code default}
 * database at the catalog's location, and only a catalog holding nothing but an empty {@code
 * default} database can be dropped, as in Hive; the default catalog cannot be dropped.
 */
final class CatalogHandler {
  private final CatalogService service;

  CatalogHandler(CatalogService service) {
    this.service = requireNonNull(service, "service is null");
  }

  /**
   * Creates the catalog, its directory when it is on the local file system, and its {@code default}
   * database at the catalog's location (as a {@code file:} URI when that is a path).
   */
  public void create_catalog(CreateCatalogRequest request) {
    Catalog catalog = request.getCatalog();
    if (catalog == null) {
      throw new ValidationException("create_catalog needs a catalog");
    }
    String location = catalog.getLocationUri();
    service.createCatalog(
        new io.cairn.catalog.Catalog(
            required(catalog.getName()), catalog.getDescription(), location, Instant.EPOCH),
        location != null && location.startsWith("/") ? "file:" + location : location);
    LocalDirectories.create(location);
  }

  public GetCatalogResponse get_catalog(GetCatalogRequest request) {
    return new GetCatalogResponse(toThrift(service.loadCatalog(required(request.getName()))));
  }

  public GetCatalogsResponse get_catalogs() {
    return new GetCatalogsResponse(
        new ArrayList<>(
            service.listCatalogs().stream().map(io.cairn.catalog.Catalog::name).toList()));
  }

  /** Changes the description and location; a catalog cannot be renamed. */
  public void alter_catalog(AlterCatalogRequest request) throws InvalidOperationException {
    Catalog changed = request.getNewCat();
    if (changed == null) {
      throw new ValidationException("alter_catalog needs the new catalog");
    }
    if (changed.getName() != null && !changed.getName().equalsIgnoreCase(request.getName())) {
      throw new InvalidOperationException("a catalog cannot be renamed");
    }
    service.updateCatalog(
        required(request.getName()), changed.getDescription(), changed.getLocationUri());
  }

  /** Drops the catalog and then its local directory, if that is empty. */
  public void drop_catalog(DropCatalogRequest request) throws MetaException {
    String name = required(request.getName());
    if (name.equalsIgnoreCase(service.defaultCatalog())) {
      throw new MetaException("the default catalog " + name + " cannot be dropped");
    }
    io.cairn.catalog.Catalog dropped = service.loadCatalog(name);
    service.dropCatalog(name);
    LocalDirectories.deleteIfEmpty(dropped.location());
  }

  private static Catalog toThrift(io.cairn.catalog.Catalog catalog) {
    Catalog result = new Catalog(catalog.name(), catalog.location());
    result.setDescription(catalog.description());
    result.setCreateTime((int) catalog.createTime().getEpochSecond());
    return result;
  }

  private static String required(String name) {
    if (name == null || name.isBlank()) {
      throw new ValidationException("a catalog name is needed");
    }
    return name;
  }
}
