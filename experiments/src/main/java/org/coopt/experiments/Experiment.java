package org.coopt.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One paper table or figure as a runnable experiment (METHOD.md §8). A run is a grid of cells,
 * (variant × seed); each cell is computed independently, saved as soon as it finishes, and skipped
 * when a run resumes. Settings are an immutable record {@code C}, read from
 * {@code experiments/configs/<id>/<preset>.json}; the resolved record is what the run records.
 *
 * @param <C> the experiment's settings record
 */
public interface Experiment<C extends Record> {

    /** Registry name, e.g. {@code table1}. */
    String id();

    /** What the paper asks, in one line (for {@code ./coopt list} and notebooks). */
    String title();

    /** The paper's headline number(s) for the cells this experiment computes. */
    String paperClaim();

    Class<C> configType();

    /** The variants (methods, prior sets, ablation settings) that each seed is run for. */
    List<String> variants(C config);

    /** Computes one cell; the rows it returns must all carry {@code variant} and {@code seed}. */
    List<ResultRow> runCell(String variant, long seed, C config, CellContext context) throws Exception;

    /** Writes figures and tables for a finished run (default: none beyond results.csv and summary.csv). */
    default void report(List<ResultRow> rows, C config, Path runDir) throws IOException {}
}
