# mpirun.sh -- sourced by the tests that run `check --distributed` under mpirun: `mpi N ARGS...`
# runs dpucheck's ARGS on N ranks of this machine, in a way that works in CI: as root (OpenMPI
# refuses it unless told twice), with more ranks than cores (--oversubscribe), without any
# network interface but loopback (shared memory between ranks, the runtime's own channel on
# lo), unbound ranks, and a timeout so that a stuck job fails instead of hanging the suite.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=self,vader OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_btl_tcp_if_include=lo
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none
export OMPI_MCA_mpi_yield_when_idle=1
mpi() {
  local n=$1
  shift
  timeout -k 5 "${MPI_TIMEOUT:-300}" mpirun -n "$n" "$bin" "$@"
}
