package dev.samlab.api.sharpness;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InlineKeys;
import dev.samlab.api.model.ParameterRole;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The config keys every sharpness-aware method accepts, each optional: a method's config record holds them as one
 * component, written at the method's own level ({@link InlineKeys}), and {@link #over} lays them over the method's
 * defaults. What each key means: {@link SharpnessSettings}.
 *
 * <pre>{@code
 * optimizer: { name: sam, rho: 0.05, perturb: [norm_scale, norm_shift], every: 2, startEpoch: 10 }
 * }</pre>
 *
 * @param rho             radius of the neighbourhood (the method's default otherwise)
 * @param m               m-sharpness sub-batch size
 * @param epsilon         ε in ρ/(‖·‖ + ε)
 * @param lossWeightDecay λ of ½λ‖w‖² inside the loss the method sees
 * @param perturb         roles the ascent moves: weight, bias, norm_scale, norm_shift
 * @param every           the second pass every k-th step
 * @param probability     the second pass with this probability per step
 * @param startEpoch      the first epoch with second passes
 * @param rhoSchedule     {@code constant} or {@code learningRate}
 * @param rhoMin          ρ at learning rate 0 under {@code rhoSchedule: learningRate} (default 0)
 */
public record SharpnessKeys(
        Double rho,
        Integer m,
        Double epsilon,
        Double lossWeightDecay,
        List<String> perturb,
        Integer every,
        Double probability,
        Integer startEpoch,
        String rhoSchedule,
        Double rhoMin)
        implements InlineKeys {

    /** No key given: the method's defaults throughout. */
    public static final SharpnessKeys NONE =
            new SharpnessKeys(null, null, null, null, null, null, null, null, null, null);

    /** Checks each key given on its own; {@link #over} checks them together with a method's defaults. */
    public SharpnessKeys(
            Double rho,
            Integer m,
            Double epsilon,
            Double lossWeightDecay,
            List<String> perturb,
            Integer every,
            Double probability,
            Integer startEpoch,
            String rhoSchedule,
            Double rhoMin) {
        this.rho = rho;
        this.m = m;
        this.epsilon = epsilon;
        this.lossWeightDecay = lossWeightDecay;
        this.perturb = perturb == null ? null : List.copyOf(perturb);
        this.every = every;
        this.probability = probability;
        this.startEpoch = startEpoch;
        this.rhoSchedule = rhoSchedule;
        this.rhoMin = rhoMin;
        over(SharpnessSettings.builder()
                .rho(Double.MAX_VALUE)
                .rhoSchedule(SharpnessSettings.RhoSchedule.LEARNING_RATE)
                .build());
    }

    /** The keys as given, the others from {@code defaults}. */
    public SharpnessSettings over(SharpnessSettings defaults) {
        SharpnessSettings.Builder settings = defaults.toBuilder();
        set(rho, settings::rho);
        set(m, settings::m);
        set(epsilon, settings::epsilon);
        set(lossWeightDecay, settings::lossWeightDecay);
        set(perturb, roles -> settings.perturb(ParameterRole.parse("perturb", roles)));
        set(every, settings::every);
        set(probability, settings::probability);
        set(startEpoch, settings::startEpoch);
        set(rhoSchedule, schedule -> settings.rhoSchedule(SharpnessSettings.RhoSchedule.parse(schedule)));
        set(rhoMin, settings::rhoMin);
        SharpnessSettings resolved = settings.build();
        check(
                rhoMin == null || resolved.rhoSchedule() == SharpnessSettings.RhoSchedule.LEARNING_RATE,
                "rhoMin",
                "only applies with rhoSchedule: learningRate");
        return resolved;
    }

    /**
     * These keys with each one left out taken from {@code defaults}: what a method's config record holds, so that
     * the run's {@code config.yaml} records every value the run used.
     */
    public SharpnessKeys orDefaults(SharpnessSettings defaults) {
        SharpnessSettings settings = over(defaults);
        boolean followsLearningRate = settings.rhoSchedule() == SharpnessSettings.RhoSchedule.LEARNING_RATE;
        return new SharpnessKeys(
                settings.rho(),
                settings.m(),
                settings.epsilon(),
                settings.lossWeightDecay(),
                Arrays.stream(ParameterRole.values())
                        .filter(settings.perturb()::contains)
                        .map(ParameterRole::key)
                        .toList(),
                settings.every(),
                settings.probability(),
                settings.startEpoch(),
                settings.rhoSchedule().key(),
                followsLearningRate ? settings.rhoMin() : null);
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
