//! Shipboard's binary: installs the panic hook and mounts the app; nothing else.

fn main() {
    console_error_panic_hook::set_once();
    shipboard::mount();
}
