package org.coopt.workbench.ssl;

import org.coopt.workbench.nn.Architectures;
import org.coopt.workbench.nn.Architectures.ArchSpec;

/**
 * Sizes of the SSL heads, scaled with the backbone so that small CPU presets stay small
 * (METHOD.md §6 gives the ImageNet-scale sizes; the scaling is a <b>(decision)</b>).
 *
 * <ul>
 *   <li>{@code hidden} = min(4096, 2·h), h = backbone feature dimension (METHOD §6 "h→2h→256");</li>
 *   <li>{@code out} = min(256, max(32, 4·width)): 256 for ConvNet-3 w64, 32 for width 8;</li>
 *   <li>{@code predictorHidden} = hidden for BYOL ("256→2h→256");</li>
 *   <li>{@code bottleneck} = max(16, out/4), SimSiam's predictor bottleneck (2048→512 ratio of the paper);</li>
 *   <li>{@code prototypes} = min(3000, 30·width), SwAV's 3000 scaled (1920 for w64, 240 for w8);</li>
 *   <li>{@code dinoPrototypes} = min(4096, 32·width), DINO's output dimension (solo-learn 4096) scaled.</li>
 * </ul>
 */
public record HeadSizes(int featureDim, int hidden, int out, int bottleneck, int prototypes, int dinoPrototypes) {
    public HeadSizes {
        if (featureDim < 1 || hidden < 1 || out < 1 || bottleneck < 1 || prototypes < 2 || dinoPrototypes < 2) {
            throw new IllegalArgumentException("bad head sizes: feature " + featureDim + ", hidden " + hidden
                    + ", out " + out + ", bottleneck " + bottleneck + ", prototypes " + prototypes
                    + ", dino prototypes " + dinoPrototypes);
        }
    }

    /** The scaled defaults for a backbone. */
    public static HeadSizes forBackbone(ArchSpec spec) {
        int h = Architectures.featureDim(spec);
        int w = spec.width();
        int out = Math.min(256, Math.max(32, 4 * w));
        return new HeadSizes(h, Math.min(4096, 2 * h), out, Math.max(16, out / 4),
                Math.min(3000, 30 * w), Math.min(4096, 32 * w));
    }
}
