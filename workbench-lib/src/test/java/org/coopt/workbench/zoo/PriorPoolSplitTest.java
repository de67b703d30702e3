package org.coopt.workbench.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PriorPoolSplitTest {
    @Test
    void poolsAreDisjointCoverEverythingAndRepeatWithTheSeed() {
        PriorPoolSplit a = PriorPoolSplit.of(1000, 100, 5);
        PriorPoolSplit b = PriorPoolSplit.of(1000, 100, 5);
        PriorPoolSplit c = PriorPoolSplit.of(1000, 100, 6);
        assertEquals(100, a.priorPool().length);
        assertEquals(900, a.unlabelled().length);
        boolean[] seen = new boolean[1000];
        for (int i : a.priorPool()) {
            seen[i] = true;
        }
        for (int i : a.unlabelled()) {
            assertFalse(seen[i], "index " + i + " in both pools");
            seen[i] = true;
        }
        for (boolean s : seen) {
            assertEquals(true, s);
        }
        assertArrayEquals(a.priorPool(), b.priorPool());
        assertEquals(a.priorPoolSha256(), b.priorPoolSha256());
        assertFalse(Arrays.equals(a.priorPool(), c.priorPool()));
    }
}
