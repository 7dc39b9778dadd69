package dev.samlab.optim.sam;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/**
 * Surrogate Gap Guided SAM (Zhuang et al. 2022, arXiv 2203.08065). ρ 0.05 and constant by default, as the authors'
 * CIFAR example ({@code example/train.py}, which uses an adaptive ball of radius 2.0, not this Euclidean one); the
 * paper's ImageNet runs let ρ follow the learning rate: {@code rhoSchedule: learningRate, rhoMin: ...}.
 *
 * @param base      the first-order optimizer that takes the step
 * @param alpha     weight α of the component of g(w) orthogonal to g(w + e) that is subtracted (default 0.4, the
 *                  authors' CIFAR example since juntang-zhuang/GSAM commit 704942d, 2022-03-30, which raised its
 *                  {@code --alpha} from 0.2 in {@code example/train.py}; pytorch_optimizer's GSAM also defaults to
 *                  0.4); 0 is SAM
 * @param sharpness the keys every sharpness-aware method accepts, written at this level
 */
public record GsamConfig(OptimizerConfig base, Double alpha, SharpnessKeys sharpness) implements OptimizerConfig {

    static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

    public GsamConfig {
        alpha = Objects.requireNonNullElse(alpha, 0.4);
        sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
        check(alpha >= 0, "alpha", "must be >= 0 (0 is SAM), got " + alpha);
    }
}
