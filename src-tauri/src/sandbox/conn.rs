//! The socket layer under axum, there only for the `reset_connections` fault: while resets are armed, a
//! connection whose incoming bytes start an `/api/v1` request is reset (RST, no answer at all), which is
//! what a client sees when a proxy or the network drops it. Without armed resets it is a plain TCP
//! stream.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::sandbox::faults::Faults;

pub struct FaultyListener {
    inner: TcpListener,
    faults: Arc<Faults>,
}

impl FaultyListener {
    pub fn new(inner: TcpListener, faults: Arc<Faults>) -> Self {
        Self { inner, faults }
    }
}

impl Listener for FaultyListener {
    type Io = FaultyStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = Listener::accept(&mut self.inner).await;
        (FaultyStream { inner: stream, faults: self.faults.clone() }, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

pub struct FaultyStream {
    inner: TcpStream,
    faults: Arc<Faults>,
}

/// Whether `bytes` begin an HTTP/1 request for the API (`METHOD /api/v1...`).
fn starts_api_request(bytes: &[u8]) -> bool {
    let line_end = bytes.iter().position(|&b| b == b'\n').unwrap_or(bytes.len()).min(256);
    let line = &bytes[..line_end];
    let Some(space) = line.iter().position(|&b| b == b' ') else { return false };
    line[..space].iter().all(u8::is_ascii_uppercase) && line[space + 1..].starts_with(b"/api/v1")
}

impl AsyncRead for FaultyStream {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let fresh = &buf.filled()[before..];
                if !fresh.is_empty() && starts_api_request(fresh) && this.faults.take_reset() {
                    if let Err(err) = this.inner.set_zero_linger() {
                        tracing::debug!(%err, "could not arm the connection reset");
                    }
                    tracing::debug!("sandbox fault: resetting a connection");
                    return Poll::Ready(Err(io::Error::new(io::ErrorKind::ConnectionReset, "sandbox fault")));
                }
                Poll::Ready(Ok(()))
            }
            other => other,
        }
    }
}

impl AsyncWrite for FaultyStream {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_api_request_lines_only() {
        assert!(starts_api_request(b"POST /api/v1/invitations HTTP/1.1\r\nhost: x\r\n"));
        assert!(starts_api_request(b"GET /api/v1/account HTTP/1.1\r\n"));
        assert!(!starts_api_request(b"POST /_sandbox/faults HTTP/1.1\r\n"));
        assert!(!starts_api_request(b"{\"email\":\"a@b.test\"}"));
    }
}
