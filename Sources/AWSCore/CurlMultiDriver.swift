import CCurl
import FileSafety
import Foundation
import Rendering

/// Owns the multi handle and the one thread that drives it: transfers are handed over through
/// a locked queue and `curl_multi_wakeup`, which interrupts `curl_multi_poll`.
final class CurlMultiDriver: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var incoming: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    private var stopping = false
    /// For tests: while set, the thread waits on it at the top of its loop, as a thread held by a
    /// resolver that ignores its timeout would (the watchdog must answer the callers anyway).
    var heldForTesting: DispatchSemaphore?
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
        let cancelled: Bool = lock.withLock {
            if transfer.cancelRequested || stopping { return true }
            incoming.append(transfer)
            return false
        }
        if cancelled { transfer.finish(.failure(TransportError.cancelled)) } else { curl_multi_wakeup(multi) }
    }

    /// Asks the thread to abort a transfer (the caller's task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        lock.withLock {
            transfer.cancelRequested = true
            cancellations.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// For tests: holds the thread until `hold` is signalled.
    func hold(_ hold: DispatchSemaphore) {
        lock.withLock { heldForTesting = hold }
        curl_multi_wakeup(multi)
    }

    /// Ends the thread once the transport is gone.
    func stop() {
        lock.withLock { stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var running: Int32 = 0
        while true {
            if let hold = lock.withLock({ heldForTesting }) {
                hold.wait()
                lock.withLock { heldForTesting = nil }
            }
            let (added, cancelled, stop) = lock.withLock {
                defer { incoming = []; cancellations = [] }
                return (incoming, cancellations, stopping)
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
