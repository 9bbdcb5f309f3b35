# The raw output filter (ISAPI_FILTER_RAW_OUT) is added only to
# connections that need it: a filter of the connection's server registered
# SEND_RAW_DATA (added at connection start), or a site filter of the
# request's name-based virtual host did (added when that request arrives).
# Observable through the trace1 line "raw filters added: ..." that
# bridge/raw/attach.c logs with the client's address and port.
# Scenarios: isf_rawout_none, isf_rawout_record, isf_rawout_named.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(raw_connect);
use ISF::RawOut qw(parse_stream raw_sum exchange error_log_lines);

plan tests => 11, need_module 'isapi_filter';

my (undef, $log_at) = error_log_lines(qr/^$/);

sub req {
    my ($host, @h) = @_;
    return "GET /index.html HTTP/1.1\r\nHost: $host\r\n"
         . join('', map { "$_\r\n" } @h) . "\r\n";
}

# One connection, the requests in turn; (client port, responses).  A
# small response leaves as soon as it is complete, and the recorder's
# RAWREPORT (written at END_OF_REQUEST) may follow in a later packet: the
# stream is read to the close and parsed as a whole, each request waiting
# only for its response.
sub conversation {
    my ($module, @hosts) = @_;
    my $sock = raw_connect(module => $module);
    my $port = $sock->sockport;
    my $all = '';
    while (my $host = shift @hosts) {
        my ($raw) = exchange($sock, req($host, @hosts ? ()
                                                      : 'Connection: close'),
                             @hosts ? (responses => 1) : ());
        $all .= $raw;
    }
    close $sock;
    return ($port, grep { !$_->{report_only} } parse_stream($all));
}

sub log_for {
    my ($port, $re) = @_;
    my ($lines) = error_log_lines(qr/\[client 127\.0\.0\.1:$port\]/,
                                  $log_at);
    return scalar grep { $_ =~ $re } @$lines;
}

my ($none_port, $none) = conversation('isf_rawout_none', 'localhost');
my ($rec_port, $rec) = conversation('isf_rawout_record', 'localhost');
my ($named_port, @named) = conversation('isf_rawout_named', 'localhost',
    'rawout-site.test', 'localhost');

ok t_cmp($none->{headers}->{'x-isf-tag'}, 'tag_response',
         'a filter without SEND_RAW_DATA ran on the connection');
ok t_cmp(log_for($none_port, qr/isapi_filter/) > 0, 1,
         'its connection is in the trace log');
ok t_cmp(log_for($none_port, qr/raw filters added/), 0,
         'no SEND_RAW_DATA filter: no raw output filter on the connection');

ok t_cmp($rec->{report}->{req}, 1, 'the recorder saw the response');
my $added = qr/raw filters added: ISAPI_FILTER_RAW_OUT/;
ok t_cmp(log_for($rec_port, qr/$added \(filter of the connection's server/),
         1, 'a SEND_RAW_DATA filter of the connection\'s server: the raw '
            . 'output filter is added once, at connection start');

ok t_cmp(scalar(@named), 3, 'name-based sites: three responses');
ok t_cmp(join(',', map { $_->{report} ? 'report' : 'none' } @named),
         'none,report,none',
         'only the response of the site with a SEND_RAW_DATA filter went '
         . 'through it');
ok t_cmp($named[1]->{report}->{sum}, raw_sum($named[1]->{raw}),
         'and the site filter saw that whole response');
ok t_cmp(join(',', map { $_->{headers}->{'x-isf-tag'} // '-' } @named),
         'tag_response,-,tag_response', 'each request had its own site\'s '
                                        . 'filters');
ok t_cmp(log_for($named_port, qr/$added \(site filter of the request's/),
         1, 'the raw output filter was added when the site\'s request came');
ok t_cmp(log_for($named_port, qr/raw filters added/), 1,
         'and only then');
