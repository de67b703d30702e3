package org.coopt.workbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void fnvMatchesPublishedTestVectors() {
        // FNV-1a 64 test vectors from the reference (Fowler/Noll/Vo) list.
        assertEquals(0xcbf29ce484222325L, Seeds.fnv1a64(""));
        assertEquals(0xaf63dc4c8601ec8cL, Seeds.fnv1a64("a"));
        assertEquals(0x85944171f73967e8L, Seeds.fnv1a64("foobar"));
    }

    @Test
    void mixMatchesSplitMix64() {
        // SplitMix64 seeded with 0: first output is 0xe220a8397b1dcdaf.
        assertEquals(0xe220a8397b1dcdafL, Seeds.mix64(0L));
    }

    @Test
    void childSeedsAreDeterministicOrderFreeAndDistinct() {
        Seeds a = new Seeds(42);
        Seeds b = new Seeds(42);
        long a1 = a.child("partition");
        long a2 = a.child("projection");
        long b2 = b.child("projection");
        long b1 = b.child("partition");
        assertEquals(a1, b1);
        assertEquals(a2, b2);
        assertNotEquals(a1, a2);
        assertNotEquals(a1, new Seeds(43).child("partition"));
        Set<Long> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(a.child("participant-" + i));
        }
        assertEquals(10_000, many.size());
    }

    @Test
    void splitRecordsDottedNames() {
        Seeds s = new Seeds(7);
        long nested = s.split("participant-3").child("projection");
        assertEquals(Seeds.mix64(s.child("participant-3") ^ Seeds.fnv1a64("projection")), nested);
        assertTrue(s.recorded().containsKey("participant-3.projection"));
        assertEquals(7L, s.recorded().get("root"));
    }
}
