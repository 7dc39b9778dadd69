package dev.samlab.models.onednn;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.util.List;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc_iterator;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The few calls of oneDNN's C API that SamLab makes, with its status codes turned into exceptions. One CPU engine
 * and one in-order stream serve the process: primitives run synchronously on the caller's thread.
 */
final class Dnnl {

    /** {@code DNNL_MEMORY_ALLOCATE}: asks oneDNN to allocate (and later free) a memory object's buffer. */
    private static final Pointer ALLOCATE = new Pointer() {
        {
            address = -1L;
        }
    };

    private Dnnl() {}

    /** The process's CPU engine and stream, created on first use (which loads the native library). */
    static final class Cpu {
        static final dnnl_engine ENGINE = new dnnl_engine();
        static final dnnl_stream STREAM = new dnnl_stream();

        static {
            check(dnnl_engine_create(ENGINE, dnnl_cpu, 0), "creating the CPU engine");
            check(dnnl_stream_create(STREAM, ENGINE, dnnl_stream_default_flags), "creating a stream");
        }

        private Cpu() {}
    }

    static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed " + what + " (status " + status + ")");
        }
    }

    /** A float32 descriptor in a named layout ({@code dnnl_nchw}, ...), or {@code dnnl_format_tag_any}. */
    static dnnl_memory_desc_t desc(int tag, long... dims) {
        dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(desc, dims.length, dims, dnnl_f32, tag), "describing a tensor");
        return desc;
    }

    /** A copy of the descriptor a primitive chose for one of its arguments ({@code dnnl_query_dst_md}, ...). */
    static dnnl_memory_desc_t chosen(dnnl_primitive_desc primitive, int what) {
        dnnl_memory_desc_t desc = new dnnl_memory_desc_t();
        desc.put(dnnl_primitive_desc_query_md(primitive, what, 0));
        return desc;
    }

    /** The name of the kernel oneDNN chose for a primitive ({@code jit:avx512_common}, {@code ref:any}, ...). */
    static String implementation(dnnl_primitive_desc primitive) {
        PointerPointer<BytePointer> name = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(primitive, dnnl_query_impl_info_str, 0, name), "asking for a kernel's name");
        return name.get(BytePointer.class, 0).getString();
    }

    static boolean same(dnnl_memory_desc_t a, dnnl_memory_desc_t b) {
        return dnnl_memory_desc_equal(a, b) != 0;
    }

    /** Whether the layout pads a dimension, as 4 channels in blocks of 8 ({@code aBcd8b}) are. */
    static boolean padded(dnnl_memory_desc_t layout) {
        for (int i = 0; i < layout.ndims(); i++) {
            if (layout.dims().get(i) != layout.padded_dims().get(i)) {
                return true;
            }
        }
        return false;
    }

    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, dnnl_primitive_attr attributes, String what) {
        return primitiveDesc(opDesc, attributes, null, what);
    }

    /**
     * A forward primitive's descriptor with what runs on its result before it is written: adding what the
     * destination holds ({@code addToDestination}), then ReLU.
     */
    static dnnl_primitive_desc primitiveDesc(Pointer opDesc, boolean addToDestination, boolean relu, String what) {
        return primitiveDesc(opDesc, addToDestination, relu, List.of(), what);
    }

    /** The same, passing over the kernels whose name starts with one of {@code avoided} while another is offered. */
    static dnnl_primitive_desc primitiveDesc(
            Pointer opDesc, boolean addToDestination, boolean relu, List<String> avoided, String what) {
        dnnl_primitive_attr attributes = new dnnl_primitive_attr();
        dnnl_post_ops postOps = new dnnl_post_ops();
        check(dnnl_primitive_attr_create(attributes), "creating attributes");
        check(dnnl_post_ops_create(postOps), "creating post-ops");
        try {
            if (addToDestination) {
                check(dnnl_post_ops_append_sum(postOps, 1f), "adding a sum " + what);
            }
            if (relu) {
                check(dnnl_post_ops_append_eltwise(postOps, 1f, dnnl_eltwise_relu, 0f, 0f), "adding ReLU " + what);
            }
            check(dnnl_primitive_attr_set_post_ops(attributes, postOps), "setting post-ops " + what);
            return primitiveDescAvoiding(avoided, opDesc, attributes, null, what);
        } finally {
            dnnl_post_ops_destroy(postOps);
            dnnl_primitive_attr_destroy(attributes);
        }
    }

    /** A backward primitive's descriptor, chosen to match the forward one it differentiates ({@code hint}). */
    static dnnl_primitive_desc primitiveDesc(
            Pointer opDesc, dnnl_primitive_attr attributes, dnnl_primitive_desc hint, String what) {
        dnnl_primitive_desc primitive = new dnnl_primitive_desc();
        check(
                dnnl_primitive_desc_create(primitive, new const_dnnl_op_desc_t(opDesc), attributes, Cpu.ENGINE, hint),
                what);
        return primitive;
    }

    /**
     * A backward primitive's descriptor as {@link #primitiveDesc(Pointer, dnnl_primitive_attr, dnnl_primitive_desc,
     * String)} gives, but passing over the kernels whose name starts with one of {@code avoided} while another one is
     * offered.
     */
    static dnnl_primitive_desc primitiveDescAvoiding(
            List<String> avoided,
            Pointer opDesc,
            dnnl_primitive_attr attributes,
            dnnl_primitive_desc hint,
            String what) {
        if (avoided.isEmpty()) {
            return primitiveDesc(opDesc, attributes, hint, what);
        }
        dnnl_primitive_desc_iterator kernels = new dnnl_primitive_desc_iterator();
        check(
                dnnl_primitive_desc_iterator_create(
                        kernels, new const_dnnl_op_desc_t(opDesc), attributes, Cpu.ENGINE, hint),
                what);
        try {
            do {
                dnnl_primitive_desc kernel = dnnl_primitive_desc_iterator_fetch(kernels);
                String name = implementation(kernel);
                if (avoided.stream().noneMatch(name::startsWith)) {
                    return kernel;
                }
                dnnl_primitive_desc_destroy(kernel);
            } while (dnnl_primitive_desc_iterator_next(kernels) == dnnl_success);
        } finally {
            dnnl_primitive_desc_iterator_destroy(kernels);
        }
        return primitiveDesc(opDesc, attributes, hint, what);
    }

    /** A step that copies {@code from} (laid out as {@code fromDesc}) into {@code to} (as {@code toDesc}). */
    static Step reorder(
            String name, dnnl_memory_desc_t fromDesc, dnnl_memory from, dnnl_memory_desc_t toDesc, dnnl_memory to) {
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc();
        check(
                dnnl_reorder_primitive_desc_create(descriptor, fromDesc, Cpu.ENGINE, toDesc, Cpu.ENGINE, null),
                "choosing " + name);
        return new Step(name, descriptor, Step.argument(DNNL_ARG_FROM, from), Step.argument(DNNL_ARG_TO, to));
    }

    /** A memory object with a buffer of its own, 64-byte aligned, freed by {@code dnnl_memory_destroy}. */
    static dnnl_memory allocate(dnnl_memory_desc_t desc) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, desc, Cpu.ENGINE, ALLOCATE), "allocating a tensor");
        return memory;
    }

    /** A memory object of layout {@code desc} over the buffer of {@code storage}, which must be at least as large. */
    static dnnl_memory within(dnnl_memory_desc_t desc, dnnl_memory storage) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, desc, Cpu.ENGINE, handleOf(storage)), "placing a tensor");
        return memory;
    }

    /** {@code array} itself where it is dense in C order, else such a copy of it. */
    static INDArray dense(INDArray array) {
        return array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array) ? array : array.dup('c');
    }

    /** A memory object over {@code array}'s own values (float32, dense in the layout {@code desc} gives). */
    static dnnl_memory over(dnnl_memory_desc_t desc, INDArray array) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, desc, Cpu.ENGINE, valuesOf(array)), "wrapping an array");
        return memory;
    }

    /** A memory object without a buffer yet: {@link #pointAt} gives it one. */
    static dnnl_memory unbound(dnnl_memory_desc_t desc) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, desc, Cpu.ENGINE, (Pointer) null), "describing an input");
        return memory;
    }

    /** Points {@code memory} at {@code array}'s values. */
    static void pointAt(dnnl_memory memory, INDArray array) {
        check(dnnl_memory_set_data_handle(memory, valuesOf(array)), "pointing a tensor at an array");
    }

    private static FloatPointer valuesOf(INDArray array) {
        if (array.dataType() != DataType.FLOAT || !denseInCOrder(array)) {
            throw new IllegalArgumentException(
                    "oneDNN path takes dense float32 arrays in C order, got " + array.shapeInfoToString());
        }
        // a view's buffer may itself start at an offset into its parent's, which its address already includes
        return new FloatPointer(array.data().addressPointer())
                .position(array.offset() - array.data().offset());
    }

    /** Whether each dimension's stride is the number of values in the dimensions after it (those of size 1 aside). */
    private static boolean denseInCOrder(INDArray array) {
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            if (array.size(d) != 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= array.size(d);
        }
        return true;
    }

    /** The first {@code count} values of {@code memory}'s buffer. */
    static FloatPointer valuesOf(dnnl_memory memory, int count) {
        return new FloatPointer(handleOf(memory)).capacity(count);
    }

    private static Pointer handleOf(dnnl_memory memory) {
        PointerPointer<Pointer> handle = new PointerPointer<>(1);
        check(dnnl_memory_get_data_handle(memory, handle), "reading a tensor's address");
        return handle.get(0);
    }

    /**
     * Copies the values of {@code array} (float32, dense in C order: a parameter view) into {@code into}, straight
     * from its buffer: no ND4J operation, which matters when a model has dozens of small parameter arrays.
     */
    static void read(INDArray array, float[] into) {
        FloatPointer values = valuesOf(array);
        values.capacity(values.position() + into.length).get(into);
    }

    /** Copies {@code from} into {@code array} (float32, dense in C order), straight into its buffer. */
    static void write(float[] from, INDArray array) {
        FloatPointer values = valuesOf(array);
        values.capacity(values.position() + from.length).put(from);
    }
}
