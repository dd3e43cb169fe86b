package io.cairn.transfer;

/** What an export wrote or an import committed. */
public record TransferSummary(long databases, long tables, long partitions) {}
