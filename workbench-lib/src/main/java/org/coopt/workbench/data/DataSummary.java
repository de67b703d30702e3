package org.coopt.workbench.data;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Tables that describe a dataset (for notebooks and {@code ./coopt data describe}). */
public final class DataSummary {
    private DataSummary() {}

    /** Samples per label, index = label; unlabeled samples (−1) counted in the last slot. */
    public static int[] histogram(ImageDataset ds) {
        int k = ds.numClasses();
        int[] counts = new int[k + 1];
        for (int i = 0; i < ds.size(); i++) {
            int l = ds.label(i);
            counts[l < 0 ? k : l]++;
        }
        return counts;
    }

    /**
     * One row per class: class (name), label, count, fraction = count / size. A row with class
     * "(unlabeled)" and label −1 is added when some samples have no label.
     */
    public static Table classTable(ImageDataset ds) {
        int[] h = histogram(ds);
        int k = ds.numClasses();
        StringColumn name = StringColumn.create("class");
        IntColumn label = IntColumn.create("label");
        IntColumn count = IntColumn.create("count");
        DoubleColumn fraction = DoubleColumn.create("fraction");
        for (int i = 0; i <= k; i++) {
            if (i == k && h[k] == 0) {
                break;
            }
            name.append(i < k ? ds.classNames().get(i) : "(unlabeled)");
            label.append(i < k ? i : -1);
            count.append(h[i]);
            fraction.append(ds.size() == 0 ? 0.0 : (double) h[i] / ds.size());
        }
        return Table.create(ds.name() + " classes", name, label, count, fraction);
    }
}
