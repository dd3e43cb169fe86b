package io.cairn.findmatches;

import java.io.Serializable;

/**
 * A candidate pair ({@code indexA < indexB}) with its match probability, and its features when the
 * caller asked to keep them (null otherwise).
 */
record ScoredPair(
    int indexA, int indexB, String keyA, String keyB, double probability, double[] features)
    implements Serializable {}
