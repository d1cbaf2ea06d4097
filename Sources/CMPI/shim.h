// MPICH's mpi.h (Debian: libmpich-dev). Its handles (MPI_COMM_WORLD, MPI_FLOAT, …) and operations (MPI_SUM) are
// macros that Swift cannot import, so each one the Communicator uses is a tiny inline function here.
#include <mpi.h>

static inline MPI_Comm workbook_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype workbook_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype workbook_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype workbook_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype workbook_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op workbook_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op workbook_mpi_max(void) { return MPI_MAX; }
static inline MPI_Request workbook_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *workbook_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Errhandler workbook_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline void *workbook_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int workbook_mpi_success(void) { return MPI_SUCCESS; }
static inline int workbook_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
static inline int workbook_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
