// MPI's life in the process: MPI_Init on demand (only a --distributed run starts MPI, so the
// plain binary never touches it), MPI_Finalize at exit, and a job-wide abort.
#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "distributed/distributed.hpp"

namespace dpu::distributed {

namespace {
int original_stderr = 2;  // kept before rank > 0 sends its stderr to /dev/null (cli)
void finalize() {
  int done = 0;
  MPI_Finalized(&done);
  if (!done) MPI_Finalize();
}
}  // namespace

bool start(std::string& why) {
  int started = 0;
  MPI_Initialized(&started);
  if (started) return true;
  original_stderr = ::dup(2);
  if (MPI_Init(nullptr, nullptr) != MPI_SUCCESS) {
    why = "MPI could not be started (MPI_Init failed)";
    return false;
  }
  // a failed MPI call ends the job instead of returning codes nobody checks
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
  std::atexit(finalize);
  return true;
}

int rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int ranks() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

int ranks_on_this_node() {
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  int n = 1;
  MPI_Comm_size(node, &n);
  MPI_Comm_free(&node);
  return n;
}

void abort_job(const std::string& message, int code) {
  std::string line = "dpucheck (rank " + std::to_string(rank()) + "): " + message + "\n";
  if (::write(original_stderr >= 0 ? original_stderr : 2, line.data(), line.size()) < 0) {
    // nothing more can be said
  }
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace dpu::distributed
