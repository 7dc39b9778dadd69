package dev.samlab.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {

    private static final ImageShape SHAPE = new ImageShape(2, 1, 3);

    /** Image i holds pixel bytes 10·i + k, k = 0..5, so every byte says where it came from. */
    private static LabeledImages images(int count) {
        byte[] pixels = new byte[count * SHAPE.size()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
            for (int k = 0; k < SHAPE.size(); k++) {
                pixels[i * SHAPE.size() + k] = (byte) (10 * i + k);
            }
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    @Test
    void pixelsArePlanarAndRowMajorAndReadUnsigned() {
        LabeledImages images = new LabeledImages(SHAPE, new byte[] {1, 2, 3, 4, 5, (byte) 250}, new int[] {0});

        assertThat(images.pixel(0, 0, 0, 2)).isEqualTo(3);
        assertThat(images.pixel(0, 1, 0, 0)).isEqualTo(4);
        assertThat(images.pixel(0, 1, 0, 2)).isEqualTo(250);
    }

    @Test
    void slicesAndConcatenationsKeepImagesWithTheirLabels() {
        LabeledImages all = images(5);

        LabeledImages joined = all.slice(3, 5).concat(all.first(2));

        assertThat(joined.labels()).containsExactly(0, 1, 0, 1);
        assertThat(joined.pixel(0, 0, 0, 0)).isEqualTo(30);
        assertThat(joined.pixel(3, 1, 0, 2)).isEqualTo(15);
        assertThat(all.first(9)).isSameAs(all);
    }

    @Test
    void inconsistentInputsAreRefusedSayingWhatWasExpected() {
        assertThatThrownBy(() -> new LabeledImages(SHAPE, new byte[5], new int[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 labels need 6 pixel bytes, got 5");
        assertThatThrownBy(() -> images(3).slice(2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("slice [2, 4) of 3 images");
        assertThatThrownBy(() -> images(1).concat(new LabeledImages(new ImageShape(1, 2, 3), new byte[6], new int[1])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot join");
    }
}
