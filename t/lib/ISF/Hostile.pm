package ISF::Hostile;

# ISF::Hostile: what the hostile-filter and hostile-client tests
# (t/security/hostile_*.t) share.  Builds on ISF::Test and ISF::CB.
#
#   use ISF::Hostile qw(check truncate_log reset_close big_file page
#                       crash_lines sanitizer_lines);
#
#   check($bool, 'message');          # Test.pm's ok(a, b) compares a and b
#   truncate_log('hostile_args.log'); # t/logs/NAME, emptied
#   reset_close($sock);               # close with an RST (SO_LINGER 0)
#   my $file = big_file();            # t/logs/hostile_big.bin, 2 MiB
#   my @dead = crash_lines($text);    # "exit signal" lines of an error_log
#   my @san  = sanitizer_lines($text);

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use Socket qw(SOL_SOCKET SO_LINGER);

use Apache::Test ();
use Apache::TestUtil ();
use ISF::CB ();

our @EXPORT_OK = qw(check truncate_log reset_close big_file big_size page
                    crash_lines sanitizer_lines);

use constant BIG => 2 * 1024 * 1024;

sub big_size { BIG }

# A boolean assertion with a message.
sub check {
    my ($bool, $msg) = @_;
    return Apache::Test::ok(Apache::TestUtil::t_cmp($bool ? 1 : 0, 1, $msg));
}

sub truncate_log {
    my $f = ISF::CB::log_file(shift);
    open my $fh, '>', $f or die "ISF::Hostile: $f: $!\n";
    close $fh;
}

sub reset_close {
    my $sock = shift;
    setsockopt($sock, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0));
    close $sock;
}

# t/logs/hostile_big.bin: BIG bytes of counting words (every 16-byte row
# distinct, so a misplaced window shows), written once.
sub big_file {
    my $big = ISF::CB::log_file('hostile_big.bin');
    return $big if -s $big and -s $big == BIG;
    open my $bf, '>', "$big.$$" or die "ISF::Hostile: $big: $!\n";
    binmode $bf;
    print $bf pack('N', $_) x 4 for 0 .. BIG / 16 - 1;
    close $bf;
    rename "$big.$$", $big or die "ISF::Hostile: rename $big: $!\n";
    return $big;
}

# The test server's index page, as served.
sub page {
    my $name = shift || 'index.html';
    open my $fh, '<', Apache::Test::vars('documentroot') . "/$name"
        or die "ISF::Hostile: $name: $!\n";
    binmode $fh;
    local $/;
    return scalar <$fh>;
}

sub crash_lines {
    my $text = shift;
    return $text =~ /^(.*exit signal.*)$/mg;
}

# ASan/UBSan reports, less one false positive: APR's ring macros
# (APR_BRIGADE_EMPTY, _FIRST, _SENTINEL...) compute offsets through a NULL
# pointer when <stddef.h> was not included before apr_general.h, and UBSan
# reports that as "member access within null pointer of type 'struct
# apr_bucket'" at every brigade macro.  A real NULL bucket would crash,
# which crash_lines() and the ASan SEGV report catch.
sub sanitizer_lines {
    my $text = shift;
    my $apr_ring = 'member access within null pointer of type '
                 . "'struct apr_bucket'";
    my $report = 'AddressSanitizer|LeakSanitizer|runtime error:';
    return grep { index($_, $apr_ring) < 0 }
           $text =~ /^(.*(?:$report).*)$/mg;
}

1;
