import CCurl
import FileSafety
import Foundation
import LockedValue
import Rendering

/// Owns the multi handle and the one thread that drives it: transfers are handed over through
/// a locked queue and `curl_multi_wakeup`, which interrupts `curl_multi_poll`.
// @unchecked: a C handle (the multi handle, which only the driver's thread uses after `init`)
// and `active`, the driver thread's own; what other threads hand over is in `queue`.
final class CurlMultiDriver: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    /// What callers hand to the driver's thread.
    private struct Queue: Sendable {
        var incoming: [CurlTransfer] = []
        var cancellations: [CurlTransfer] = []
        var stopping = false
        /// For tests: while set, the thread waits on it at the top of its loop, as a thread held by
        /// a resolver that ignores its timeout would (the watchdog must answer the callers anyway).
        var heldForTesting: DispatchSemaphore?
    }
    private let queue = LockedValueBox(Queue())
    // The driver thread's own.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    private static let globalInit: Void = { _ = lk_global_init() }()

    /// `curl_global_init`, once per process, before any other libcurl call.
    static func initializeLibrary() { _ = globalInit }

    init(maximumConnectionsPerHost: Int) {
        CurlMultiDriver.initializeLibrary()
        guard let multi = curl_multi_init() else { fatalError("libcurl: curl_multi_init failed") }
        self.multi = multi
        _ = lk_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = lk_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maximumConnectionsPerHost))
        // The connection cache: keep idle connections of a burst for the next one.
        _ = lk_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(16, maximumConnectionsPerHost * 2))
        let thread = Thread { [self] in run() }
        thread.name = "lookout-curl"
        thread.start()
    }

    /// Hands a transfer to the thread (or finishes it at once if it was already cancelled).
    func submit(_ transfer: CurlTransfer) {
        let cancelled: Bool = queue.withLockedValue { queue in
            if transfer.cancelRequested || queue.stopping { return true }
            queue.incoming.append(transfer)
            return false
        }
        if cancelled { transfer.finish(.failure(TransportError.cancelled)) } else { curl_multi_wakeup(multi) }
    }

    /// Asks the thread to abort a transfer (the caller's task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        queue.withLockedValue { queue in
            transfer.cancelRequested = true
            queue.cancellations.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// For tests: holds the thread until `hold` is signalled.
    func hold(_ hold: DispatchSemaphore) {
        queue.withLockedValue { $0.heldForTesting = hold }
        curl_multi_wakeup(multi)
    }

    /// Ends the thread once the transport is gone.
    func stop() {
        queue.withLockedValue { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            if let hold = queue.withLockedValue({ $0.heldForTesting }) {
                hold.wait()
                queue.withLockedValue { $0.heldForTesting = nil }
            }
            let (added, cancelled, stop) = queue.withLockedValue { queue in
                defer { queue.incoming = []; queue.cancellations = [] }
                return (queue.incoming, queue.cancellations, queue.stopping)
            }
            for t in added {
                active[t.handle] = t
                if curl_multi_add_handle(multi, t.handle) != CURLM_OK {
                    active[t.handle] = nil
                    t.finish(.failure(TransportError.connectionFailed("libcurl refused the transfer")))
                }
            }
            for t in cancelled where active[t.handle] === t { abort(t) }
            if stop {
                for t in active.values { abort(t) }
                curl_multi_cleanup(multi)
                return
            }
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                      let t = active.removeValue(forKey: handle) else { continue }
                let code = lk_msg_result(message)
                curl_multi_remove_handle(multi, handle)
                t.finish(t.result(code))
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// Removing the handle aborts the transfer (its connection is closed if mid-flight).
    private func abort(_ t: CurlTransfer) {
        active[t.handle] = nil
        curl_multi_remove_handle(multi, t.handle)
        t.finish(.failure(TransportError.cancelled))
    }
}
