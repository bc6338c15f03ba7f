/// One holder at a time, served in the order they came (an async FIFO lock). Under a rate limit,
/// the describes of one endpoint at a time already use the whole limit, and each endpoint's
/// decisions (and scale-downs) then come as early as they can, instead of every endpoint's at the
/// end when the limit is shared among all.
actor ListingGate {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits for the gate.
    func enter() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the gate to the next in line, or opens it.
    func leave() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }
}
