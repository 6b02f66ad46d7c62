"""The sandbox and kernels: bubblewrap, the zygote, the kernel's limits, cgroups and the host's capabilities."""
