package org.coopt.experiments;

import java.nio.file.Path;
import org.coopt.workbench.run.RunFolder;
import org.coopt.workbench.run.Seeds;

/**
 * What a cell gets from the runner: the run folder (for provenance, dataset hashes and stage times),
 * the cell's own seeds (the seed of the cell, split by variant, so cells never share random streams),
 * a scratch folder of its own, and the preset.
 */
public record CellContext(RunFolder run, Seeds seeds, Path scratch, Preset preset) {}
