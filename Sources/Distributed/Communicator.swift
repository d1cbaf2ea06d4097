import CMPI
import Glibc

/// The ranks of one MPI job (MPI_COMM_WORLD) and the operations data- and model-parallel training use: a barrier,
/// broadcast, sum all-reduce (blocking and non-blocking), all-gather, and point-to-point send and receive (blocking
/// and non-blocking).
///
///     let world = try Communicator.world()        // MPI_Init on first use; 1 rank when not under mpiexec
///     try world.broadcast(store.values, from: 0)   // everyone gets rank 0's weights
///     let request = try world.startAllreduce(bucket)   // Σ over ranks, in place, while backward goes on
///     try request.wait()
///
/// Every buffer is in place and typed (`MPIScalar`); nothing is allocated per call, so a training step that
/// all-reduces stays allocation-free. Errors return (MPI_ERRORS_RETURN) and become a `DistributedError` naming the
/// call, instead of MPICH's default abort. MPI is initialised with MPI_THREAD_FUNNELED: only the thread that
/// trains calls MPI (the loader's producer threads never do).
public final class Communicator: @unchecked Sendable {
    /// This process's rank, 0 ..< size.
    public let rank: Int
    /// The number of ranks.
    public let size: Int
    private let handle: MPI_Comm

    private nonisolated(unsafe) static var shared: Communicator?

    private init(handle: MPI_Comm) throws(DistributedError) {
        self.handle = handle
        var rank: Int32 = 0, size: Int32 = 0
        try check(MPI_Comm_rank(handle, &rank), "MPI_Comm_rank")
        try check(MPI_Comm_size(handle, &size), "MPI_Comm_size")
        (self.rank, self.size) = (Int(rank), Int(size))
    }

    /// Every rank of the job: MPI is initialised on the first call (and finalised at exit). A process started
    /// without mpiexec is a world of one rank (MPI's singleton start).
    public static func world() throws(DistributedError) -> Communicator {
        if let shared { return shared }
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        if initialized == 0 {
            var provided: Int32 = 0
            try check(MPI_Init_thread(nil, nil, workbook_mpi_thread_funneled(), &provided), "MPI_Init_thread")
            atexit { var finalized: Int32 = 0; MPI_Finalized(&finalized); if finalized == 0 { MPI_Finalize() } }
        }
        try check(MPI_Comm_set_errhandler(workbook_mpi_comm_world(), workbook_mpi_errors_return()),
                  "MPI_Comm_set_errhandler")
        let world = try Communicator(handle: workbook_mpi_comm_world())
        shared = world
        return world
    }

    /// Seconds since an arbitrary moment in the past, from this machine's clock (MPI_Wtime): for intervals within
    /// one rank, and across ranks when each measures from a moment they share (just after a barrier).
    public static var wallTime: Double { MPI_Wtime() }

    /// True when this process is rank 0, the one that prints, draws and writes.
    public var isRoot: Bool { rank == 0 }

    /// Returns once every rank has called it.
    public func barrier() throws(DistributedError) {
        try check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// Overwrites `buffer` on every rank with rank `root`'s (the same count on every rank).
    public func broadcast<T: MPIScalar>(_ buffer: UnsafeMutableBufferPointer<T>, from root: Int = 0)
        throws(DistributedError) {
        try check(MPI_Bcast(buffer.baseAddress, Int32(buffer.count), T.mpiDatatype, Int32(root), handle), "MPI_Bcast")
    }

    /// Replaces `buffer` on every rank by the element-wise sum over all ranks (MPI_Allreduce in place).
    public func allreduce<T: MPIScalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws(DistributedError) {
        try check(MPI_Allreduce(workbook_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), T.mpiDatatype,
                                workbook_mpi_sum(), handle), "MPI_Allreduce")
    }

    /// Replaces `buffer` on every rank by the element-wise maximum over all ranks.
    public func maximum<T: MPIScalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws(DistributedError) {
        try check(MPI_Allreduce(workbook_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), T.mpiDatatype,
                                workbook_mpi_max(), handle), "MPI_Allreduce")
    }

    /// The sum over all ranks of one number.
    public func sum<T: MPIScalar>(_ value: T) throws(DistributedError) -> T {
        var value = value
        try withUnsafeMutablePointer(to: &value) { pointer throws(DistributedError) in
            try allreduce(UnsafeMutableBufferPointer(start: pointer, count: 1))
        }
        return value
    }

    /// Starts the sum all-reduce of `buffer` in place and returns at once (MPI_Iallreduce): the caller computes
    /// on, touching anything but `buffer`, and waits on the request before reading it.
    public func startAllreduce<T: MPIScalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws(DistributedError)
        -> Request {
        var request = workbook_mpi_request_null()
        try check(MPI_Iallreduce(workbook_mpi_in_place(), buffer.baseAddress, Int32(buffer.count), T.mpiDatatype,
                                 workbook_mpi_sum(), handle, &request), "MPI_Iallreduce")
        return Request(request)
    }

    /// Every rank's `value`, in rank order, on every rank (MPI_Allgather): how ranks compare hashes.
    public func allgather(_ value: UInt64) throws(DistributedError) -> [UInt64] {
        var mine = value
        var all = [UInt64](repeating: 0, count: size)
        try all.withUnsafeMutableBufferPointer { all throws(DistributedError) in
            try check(MPI_Allgather(&mine, 1, UInt64.mpiDatatype, all.baseAddress, 1, UInt64.mpiDatatype, handle),
                      "MPI_Allgather")
        }
        return all
    }

    /// Sends `buffer` to rank `destination` (MPI_Send; returns once the buffer may be reused).
    public func send<T: MPIScalar>(_ buffer: UnsafeBufferPointer<T>, to destination: Int, tag: Int = 0)
        throws(DistributedError) {
        try check(MPI_Send(buffer.baseAddress, Int32(buffer.count), T.mpiDatatype, Int32(destination), Int32(tag),
                           handle), "MPI_Send")
    }

    /// Receives exactly `buffer.count` numbers from rank `source` into `buffer` (MPI_Recv); a message of another
    /// length is an error.
    public func receive<T: MPIScalar>(into buffer: UnsafeMutableBufferPointer<T>, from source: Int, tag: Int = 0)
        throws(DistributedError) {
        var status = MPI_Status()
        try check(MPI_Recv(buffer.baseAddress, Int32(buffer.count), T.mpiDatatype, Int32(source), Int32(tag), handle,
                           &status), "MPI_Recv")
        var received: Int32 = 0
        MPI_Get_count(&status, T.mpiDatatype, &received)
        guard Int(received) == buffer.count else {
            throw DistributedError("MPI_Recv: rank \(source) sent \(received) numbers, expected \(buffer.count)")
        }
    }

    /// Starts sending `buffer` to rank `destination` and returns at once (MPI_Isend): the buffer must stay
    /// allocated and unchanged until the request's `wait()` returns (a pipeline stage sends one micro-batch's
    /// activations while it computes the next).
    public func startSend<T: MPIScalar>(_ buffer: UnsafeBufferPointer<T>, to destination: Int, tag: Int = 0)
        throws(DistributedError) -> Request {
        var request = workbook_mpi_request_null()
        try check(MPI_Isend(buffer.baseAddress, Int32(buffer.count), T.mpiDatatype, Int32(destination), Int32(tag),
                            handle, &request), "MPI_Isend")
        return Request(request)
    }

    /// Starts receiving exactly `buffer.count` numbers from rank `source` into `buffer` and returns at once
    /// (MPI_Irecv): read the buffer only after `wait()`, which throws for a message of another length, as `receive`.
    public func startReceive<T: MPIScalar>(into buffer: UnsafeMutableBufferPointer<T>, from source: Int, tag: Int = 0)
        throws(DistributedError) -> Request {
        var request = workbook_mpi_request_null()
        try check(MPI_Irecv(buffer.baseAddress, Int32(buffer.count), T.mpiDatatype, Int32(source), Int32(tag), handle,
                            &request), "MPI_Irecv")
        return Request(request, expecting: (buffer.count, T.mpiDatatype, source))
    }

    /// A non-blocking operation in flight (MPI_Request).
    public struct Request {
        fileprivate var handle: MPI_Request
        /// For a receive: the count it must deliver, its datatype, and the rank it comes from.
        private let expected: (count: Int, datatype: MPI_Datatype, source: Int)?

        fileprivate init(_ handle: MPI_Request, expecting expected: (Int, MPI_Datatype, Int)? = nil) {
            self.handle = handle
            self.expected = expected
        }

        /// Set once MPI has reported completion (MPI then frees the request: a later status would be empty).
        private var isComplete = false

        /// Waits until the operation is complete (MPI_Wait); returns at once if it already is.
        public mutating func wait() throws(DistributedError) {
            guard !isComplete else { return }
            var status = MPI_Status()
            try check(MPI_Wait(&handle, &status), "MPI_Wait")
            try complete(status)
        }

        /// True once the operation is complete; lets MPI progress it meanwhile (MPI_Test).
        public mutating func test() throws(DistributedError) -> Bool {
            guard !isComplete else { return true }
            var done: Int32 = 0
            var status = MPI_Status()
            try check(MPI_Test(&handle, &done, &status), "MPI_Test")
            if done != 0 { try complete(status) }
            return done != 0
        }

        /// Marks the request complete; throws when a receive got another number of elements than its buffer holds.
        private mutating func complete(_ status: MPI_Status) throws(DistributedError) {
            isComplete = true
            guard let expected else { return }
            var status = status, received: Int32 = 0
            MPI_Get_count(&status, expected.datatype, &received)
            guard Int(received) == expected.count else {
                throw DistributedError("MPI_Irecv: rank \(expected.source) sent \(received) numbers, expected "
                                       + "\(expected.count)")
            }
        }
    }
}
