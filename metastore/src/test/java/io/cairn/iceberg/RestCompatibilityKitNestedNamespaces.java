package io.cairn.iceberg;

import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTCompatibilityKitCatalogTests;
import org.junit.jupiter.api.BeforeEach;

/**
 * The REST Compatibility Kit's catalog tests with nested namespaces switched on. The kit of Iceberg
 * 1.11 has no {@code rck.*} property for them (it keeps {@code CatalogTests}' default, off), so the
 * failsafe execution of the kit runs this subclass in place of {@code
 * RESTCompatibilityKitCatalogTests}; every other setting still comes from the kit's properties.
 */
public class RestCompatibilityKitNestedNamespaces extends RESTCompatibilityKitCatalogTests {
  /**
   * The namespace of the nested-namespace tests, which {@code testListNestedNamespaces} leaves
   * behind (Iceberg runs those tests on a fresh catalog each) and the kit's own cleanup, which
   * knows only its other namespaces, does not drop: {@code testDropNamespaceWithNestedNamespace}
   * needs it absent.
   */
  private static final Namespace NESTED_TESTS_NAMESPACE = Namespace.of("parent");

  @Override
  protected boolean supportsNestedNamespaces() {
    return true;
  }

  @BeforeEach
  void dropNestedTestsNamespace() {
    drop(catalog(), NESTED_TESTS_NAMESPACE);
  }

  private static void drop(RESTCatalog catalog, Namespace namespace) {
    if (!catalog.namespaceExists(namespace)) {
      return;
    }
    catalog.listNamespaces(namespace).forEach(child -> drop(catalog, child));
    catalog.listTables(namespace).forEach(catalog::dropTable);
    catalog.listViews(namespace).forEach(catalog::dropView);
    catalog.dropNamespace(namespace);
  }
}
