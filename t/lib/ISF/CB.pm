package ISF::CB;

# ISF::CB: small helpers shared by the tests of the cb_* filters
# (t/events, t/callbacks, t/security, t/config/{filter_order,port_flags,
# refusal_reasons,terminate_filter,filter_process}.t).  Builds on ISF::Test.
#
#   use ISF::CB qw(tag http_req log_lines wait_log error_log_mark
#                  error_log_since wait_error_log note);
#
#   my $tag = tag('order');                  # unique per run: order-PID-N
#   my $req = http_req('/index.html', 'X-CB-Tag' => $tag, close => 1);
#   my @l = wait_log('cb_order.log', qr/^\Q$tag\E#\d+ END_OF_NET_SESSION$/);
#   my $mark = error_log_mark();   ...   my $text = error_log_since($mark);

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Spec::Functions qw(catfile);
use IO::Select ();
use Time::HiRes ();

use Apache::Test ();

our @EXPORT_OK = qw(tag http_req read_until log_file log_lines wait_log
                    error_log_mark error_log_since wait_error_log note);

my $seq = 0;

# A tag no earlier run can have used (the logs survive between runs).
sub tag {
    my $what = shift || 't';
    return sprintf '%s-%d-%d-%d', $what, $$, time, ++$seq;
}

# One HTTP/1.1 request as bytes.  %h: header => value, in the order
# given; close => 1 adds "Connection: close"; method, body, proto.
sub http_req {
    my ($path, @h) = @_;
    my (%opt, @hdr);
    while (@h) {
        my ($k, $v) = splice @h, 0, 2;
        if ($k =~ /^(close|method|body|proto|host)$/) {
            $opt{$k} = $v;
        }
        else {
            push @hdr, "$k: $v\r\n";
        }
    }
    my $body = defined $opt{body} ? $opt{body} : '';
    return sprintf("%s %s %s\r\nHost: %s\r\n", $opt{method} || 'GET', $path,
                   $opt{proto} || 'HTTP/1.1', $opt{host} || 'localhost')
         . join('', @hdr)
         . ($opt{close} ? "Connection: close\r\n" : '')
         . (length $body ? 'Content-Length: ' . length($body) . "\r\n" : '')
         . "\r\n" . $body;
}

# Read from $sock until what arrived matches $re, the peer closes, or
# nothing comes for $timeout seconds (default 5).  For requests sent on a
# connection that stays open.
sub read_until {
    my ($sock, $re, $timeout) = @_;
    my $sel = IO::Select->new($sock);
    my $buf = '';
    while ($buf !~ $re) {
        last unless ($sock->can('pending') && $sock->pending)
                    || $sel->can_read($timeout || 5);
        my $n = sysread($sock, my $chunk, 65536);
        last unless $n;
        $buf .= $chunk;
    }
    return $buf;
}

sub log_file {
    return catfile(Apache::Test::vars('t_logs'), shift);
}

# The lines of t/logs/$name matching $re (chomped).
sub log_lines {
    my ($name, $re) = @_;
    open my $fh, '<', log_file($name) or return ();
    return grep { $_ =~ $re } map { chomp; $_ } <$fh>;
}

# Wait (up to $timeout seconds, default 5) until a line of t/logs/$name
# matches $until, then return the lines matching $select (default $until).
# Logs written after the response (END_OF_REQUEST, LOG, END_OF_NET_SESSION)
# need this: the client can see the response before they happen.
sub wait_log {
    my ($name, $until, $select, $timeout) = @_;
    my $deadline = Time::HiRes::time() + ($timeout || 5);
    while (Time::HiRes::time() < $deadline) {
        last if log_lines($name, $until);
        Time::HiRes::sleep(0.05);
    }
    return log_lines($name, $select || $until);
}

sub _error_log { catfile(Apache::Test::vars('t_logs'), 'error_log') }

# Where t/logs/error_log ends now.
sub error_log_mark {
    return -s _error_log() || 0;
}

# What the test server logged since $mark.
sub error_log_since {
    my $mark = shift;
    open my $fh, '<', _error_log() or return '';
    seek $fh, $mark, 0;
    local $/;
    return scalar(<$fh>) // '';
}

# Wait until error_log (since $mark) matches $re; return that text.
sub wait_error_log {
    my ($mark, $re, $timeout) = @_;
    my $deadline = Time::HiRes::time() + ($timeout || 5);
    my $text = '';
    while (Time::HiRes::time() < $deadline) {
        $text = error_log_since($mark);
        return $text if $text =~ $re;
        Time::HiRes::sleep(0.05);
    }
    return $text;
}

# Test.pm (which Apache::Test uses) has no diag(): comment lines by hand.
sub note {
    print map { "# $_\n" } map { split /\n/ } grep { defined } @_;
    return 1;
}

1;
