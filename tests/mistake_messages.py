"""What the learner reads for one plausible mistake of every exercise.

{notebook stem: {mistake name: {test cell: words its failure message must hold}}}.
tests/test_course.py reads the failure of that test cell from the autograded
notebook of the class run (the text `check` prints and the feedback shows)
and asserts the words are there: a message that names the cause, not only
that something differs.

VISIBLE lists failures that happen on a visible line of the test cell: the
grader must not call them hidden (it reads the test cell's own frame of the
traceback, not the first cell's).
"""

VISIBLE = {("01_images_and_kernels", "conv-keyerror-for-unknown-padding", "test_convolve2d_errors")}

MESSAGES = {
    "01_images_and_kernels": {
        "gray-mean-of-channels": {"test_to_grayscale_weights": "this is the plain mean of the channels"},
        "conv-flipped-kernel": {"test_convolve2d_basic": "the kernel was flipped"},
        "conv-ignores-stride": {"test_convolve2d_stride": "the stride was ignored"},
        "conv-window-not-moved-by-stride": {"test_convolve2d_stride": "the window was not moved by the stride",
                                            # the hidden stride-and-padding case names the cause too
                                            "test_convolve2d_padding": "likely cause: the window was not moved "
                                                                       "by the stride"},
        "kernels-box-blur-not-normalised": {"test_KERNELS_smoothing": "the box blur was not divided by 9"},
        "conv-keyerror-for-unknown-padding": {"test_convolve2d_errors": "raised KeyError, expected ValueError"},
        "conv-computes-in-float32": {"test_convolve2d_basic": "computed in float32?"},
    },
    "02_conv_layer": {
        "output-size-padding-once": {"test_conv_output_size": "P counted once instead of twice"},
        "params-without-bias": {"test_conv_param_count": "the K biases are missing"},
        "unshared-without-bias": {"test_unshared_param_count": "the biases are missing"},
        "pad-every-axis": {"test_zero_pad": "all four axes were padded"},
        "naive-missing-bias": {"test_conv_forward_naive_values": "the bias b[k] was not added"},
        "fast-flipped-kernel": {"test_conv_forward_fast_values": "the kernel was flipped"},
    },
    "03_relu_and_pooling": {
        "relu-absolute-value": {"test_relu": "that is |x|"},
        "relu-in-place": {"test_relu_input_unchanged": "the call changed its input x"},
        "max-pool-starts-from-zero": {"test_max_pool_values": "the maximum started at 0"},
        "max-pool-steps-by-size": {"test_max_pool_values": "the windows moved by size, not by stride"},
        "avg-pool-divides-by-size": {"test_avg_pool_values": "divide by size * size"},
    },
    "04_fully_connected_and_softmax": {
        "flatten-column-major": {"test_flatten": "column-major (Fortran) order"},
        "affine-no-bias": {"test_affine_forward": "the bias b was not added"},
        "softmax-shifts-scores-in-place": {"test_softmax_input_unchanged": "the call changed its input scores"},
        "softmax-global-max": {"test_softmax_stable": "the largest score of the whole batch (1002) was subtracted"},
        "ce-missing-minus": {"test_cross_entropy_loss": "the minus sign is missing"},
        "se-no-half": {"test_squared_error": "the factor 1/2 is missing"},
    },
    "05_backprop": {
        "affine-dw-transposed": {"test_affine_backward": "dw is transposed"},
        "relu-mask-from-dout": {"test_relu_backward": "the mask came from dout"},
        "pool-overwrite": {"test_max_pool_backward_overlap": "each window overwrote the last one"},
        "conv-flipped-kernel": {"test_conv_backward_naive": "the filter was flipped"},
        "ce-grad-not-divided-by-n": {"test_cross_entropy_backward": "not divided by N"},
    },
    "06_numpy_cnn": {
        "forward-returns-softmax": {"test_SimpleConvNet_forward": "forward returned softmax probabilities"},
        "init-fc-size-from-input": {"test_SimpleConvNet_forward": "the reference cannot run with net.params",
                                    "test_SimpleConvNet_init": "W3 is sized after one 2x2 pool only"},
        "init-fc-size-unpooled": {"test_SimpleConvNet_init": "W3 is sized for the unpooled maps",
                                  "test_SimpleConvNet_input_unchanged": "so whether it leaves its inputs alone "
                                                                        "cannot be checked",
                                  "test_overfit_small_batch": "overfit 50 images: net.loss on x of shape "
                                                              "(50, 1, 28, 28) raised ValueError"},
        "velocity-not-stored": {"test_sgd_momentum_step": "the velocity was not stored"},
        "momentum-ignored": {"test_sgd_momentum_step": "momentum was ignored",
                             "test_sgd_momentum_torch": "momentum was ignored"},
    },
    "07_lenet": {
        "flatten-channels-last": {"test_LeNet5_forward": "flattened in channels-last order"},
        "ten-classes-hard-coded": {"test_LeNet5_architecture": "num_classes is ignored"},
        "conv1-single-channel-hard-coded": {"test_LeNet5_architecture": "in_channels is ignored"},
        "returns-last-loss": {"test_train_one_epoch_loss": "returned the last batch's loss"},
        "never-moves-batches-to-device": {"test_train_one_epoch_device": "move every batch before the forward pass"},
        "percentage": {"test_evaluate": "a percentage"},
    },
    "08_alexnet_gpu": {
        "fc6-sized-for-224": {"test_AlexNet_params": "fc6 sized for 256 x 5 x 5 = 6400 inputs"},
        "conv1-padding-2": {"test_AlexNet_layers": "conv1 has padding 2"},
        "in-channels-ignored": {"test_AlexNet_params": "in_channels is ignored"},
        "records-input-shapes": {"test_feature_shapes": "records the input shapes, not the outputs"},
        "returns-tensor": {"test_train_step_loss_type": "returns the loss tensor; use loss.item()"},
        "zero-grad-between-backward-and-step": {"test_train_step_update": "a zero_grad between backward and step"},
    },
    "09_what_cnns_learn": {
        "rf-start-without-jump": {"test_receptive_field_values": "start moves by (k - 1) / 2 - p input pixels"},
        "occ-sign": {"test_occlusion_map_known": "the sign is reversed"},
        "occ-transposed": {"test_occlusion_map_known": "rows and columns swapped",
                           "test_occlusion_map_eval": "wrong for a model already in eval mode too"},
        "occ-column-order": {"test_occlusion_map_known": "read back in column order",
                             "test_occlusion_map_eval": "wrong for a model already in eval mode too"},
        "occ-no-eval": {"test_occlusion_map_eval": "call model.eval() first"},
        "occ-indexed-by-pixel": {"test_occlusion_map_known": "patch=8, stride=4, fill=0.0) raised IndexError",
                                 "test_occlusion_map_fill_stride": "likely cause: the map was indexed by the "
                                                                   "square's pixel position"},
        "sal-no-abs": {"test_saliency_linear": "no absolute value: take the max of |gradient|"},
    },
    "10_modern_cnns": {
        "vgg-no-relu-after-last-conv": {"test_vgg_block_layers": "the ReLU after the last convolution is missing"},
        "bn-biased-running-variance": {"test_batchnorm_forward_running": "the biased variance was stored"},
        "bn-eps-outside-sqrt": {"test_batchnorm_forward_train": "eps added outside the square root"},
        "bn-running-var-plus-eps": {"test_batchnorm_forward_running": "eps was added to the stored variance"},
        "bn-eval-returns-views": {"test_batchnorm_forward_input_unchanged": "share memory with the input arrays"},
        "bnb-dbeta-averaged": {"test_batchnorm_backward_params": "dbeta averaged"},
        "block-projection-without-bn": {"test_BasicBlock_parameters": "the projection has no batch norm"},
    },
    "11_cnns_in_practice": {
        "conv1-with-bias": {"test_resnet18_state_dict": "conv1 has no bias"},
        "head-frozen-too": {"test_prepare_transfer_frozen": "the new fc was frozen too"},
        "vertical-flip": {"test_random_crop_flip_values": "flipped upside down",
                          "test_random_crop_flip_random": "one flipped upside down (along H) is neither"},
        "cam-gradient-times-activation": {"test_grad_cam_values": "average the gradient over positions first"},
        "fgsm-descends": {"test_fgsm_values": "a step down the loss"},
    },
    "12_beyond_plain_convolution": {
        "dilated-span-d-times-f": {"test_conv_output_size_dilated_values": "the dilated filter taken as D * F pixels wide"},
        "transpose-pad-not-cropped": {"test_conv_transpose_naive_values": "pad was not cropped"},
        "transpose-bias-per-input-pixel": {"test_conv_transpose_naive_values": "the bias was added with every input "
                                                                              "pixel's filter"},
        "cost-pointwise-f-by-f": {"test_separable_cost_separable": "the pointwise convolution counted with F x F filters"},
        "block-no-groups": {"test_depthwise_separable_layers": "groups is missing"},
    },
}
