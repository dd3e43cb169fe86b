package io.cairn.server.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.catalog.AlreadyExistsException;
import io.cairn.catalog.CommitFailedException;
import io.cairn.catalog.InvalidOperationException;
import io.cairn.catalog.LimitExceededException;
import io.cairn.catalog.NoSuchDatabaseException;
import io.cairn.catalog.NoSuchEntityException;
import io.cairn.catalog.NoSuchPartitionException;
import io.cairn.catalog.NoSuchTableException;
import io.cairn.catalog.ValidationException;
import io.cairn.store.StoreException;
import org.junit.jupiter.api.Test;

final class TestBrowseApi {

  @Test
  void httpStatusOfEachError() {
    assertThat(BrowseApi.status(new NoSuchDatabaseException("x"))).isEqualTo(404);
    assertThat(BrowseApi.status(new NoSuchTableException("x"))).isEqualTo(404);
    assertThat(BrowseApi.status(new NoSuchPartitionException("x"))).isEqualTo(404);
    assertThat(BrowseApi.status(new NoSuchEntityException("x"))).isEqualTo(404);
    assertThat(BrowseApi.status(new ValidationException("x"))).isEqualTo(400);
    assertThat(BrowseApi.status(new InvalidOperationException("x"))).isEqualTo(400);
    assertThat(BrowseApi.status(new LimitExceededException("x"))).isEqualTo(400);
    assertThat(BrowseApi.status(new AlreadyExistsException("x"))).isEqualTo(409);
    assertThat(BrowseApi.status(new CommitFailedException("x"))).isEqualTo(409);
    assertThat(BrowseApi.status(new StoreException("x", new RuntimeException()))).isEqualTo(500);
    assertThat(BrowseApi.status(new IllegalStateException("x"))).isEqualTo(500);
  }
}
