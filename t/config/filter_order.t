# The order in which filters are called: priority first (HIGH, MEDIUM,
# LOW; the ISAPIFilter priority argument overrides the filter's own), then
# global (main server) filters before site (<VirtualHost>) filters, then
# configuration order.  Global filters run in every site.  Uses throwaway
# servers (global filters must not enter the shared test server) and the
# marker filters cb_chain_a..d (a, c ask for LOW, b for MEDIUM, d for
# HIGH): each adds "X-CB-Pre: NAME" in PREPROC_HEADERS and appends NAME to
# X-CB-Chain in SEND_RESPONSE.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use ISF::Test qw(httpd_start free_port raw_request parse_responses);
use ISF::CB qw(http_req note);

plan tests => 13, need_module 'isapi_filter';

# Start $conf (with @VPORT@ for the site's port), request / on the main
# port and on the site's port; return the two [pre, chain] orders.
sub orders {
    my $conf = shift;
    my $vport = free_port();
    $conf =~ s/\@VPORT\@/$vport/g;
    my $s = httpd_start("Listen 127.0.0.1:$vport\n$conf", keep => 1);
    unless ($s->{started}) {
        note($s->{output}, $s->{error_log});
        return ([], []);
    }
    my @out;
    for my $port ($s->{port}, $vport) {
        my ($res) = parse_responses(scalar raw_request(port => $port,
            data => http_req('/index.html', close => 1)));
        push @out, [ join(',', split /,\s*/, $res->{headers}->{'x-cb-pre'}
                                              // ''),
                     $res->{headers}->{'x-cb-chain'} // '' ];
    }
    $s->{stop}->();
    return @out;
}

my ($main, $site) = orders(<<'EOC');
ISAPIFilter filters/cb_chain_c.so High
<VirtualHost 127.0.0.1:@VPORT@>
    ISAPIFilter filters/cb_chain_b.so
    ISAPIFilter filters/cb_chain_d.so Low
</VirtualHost>
ISAPIFilter filters/cb_chain_a.so
EOC
ok t_cmp($main->[1], 'c,a',
         'main server: only the global filters, the High one first');
ok t_cmp($main->[0], 'c,a', 'PREPROC_HEADERS uses the same order');
ok t_cmp($site->[1], 'c,b,a,d',
         'site: HIGH (global c) > MEDIUM (site b) > LOW, and at LOW the '
         . 'global a before the site d, though a is configured after the '
         . 'site');
ok t_cmp($site->[0], 'c,b,a,d', 'PREPROC_HEADERS uses the same order');
ok t_cmp(index($site->[1], 'd') > index($site->[1], 'b') ? 1 : 0, 1,
         'a priority argument overrides the filter\'s own (d asks for '
         . 'HIGH, is configured Low)');

# Same priority everywhere: configuration order, globals first.
($main, $site) = orders(<<'EOC');
ISAPIFilter filters/cb_chain_c.so
ISAPIFilter filters/cb_chain_a.so
<VirtualHost 127.0.0.1:@VPORT@>
    ISAPIFilter filters/cb_chain_b.so low
    ISAPIFilter filters/cb_chain_d.so LOW
</VirtualHost>
EOC
ok t_cmp($main->[1], 'c,a', 'equal priority: global filters in '
                            . 'configuration order');
ok t_cmp($site->[1], 'c,a,b,d',
         'equal priority: globals, then site filters, each in '
         . 'configuration order');
ok t_cmp($site->[0], 'c,a,b,d', 'PREPROC_HEADERS uses the same order');

($main, $site) = orders(<<'EOC');
ISAPIFilter filters/cb_chain_a.so
ISAPIFilter filters/cb_chain_c.so
<VirtualHost 127.0.0.1:@VPORT@>
    ISAPIFilter filters/cb_chain_d.so Low
    ISAPIFilter filters/cb_chain_b.so Low
</VirtualHost>
EOC
ok t_cmp($main->[1], 'a,c',
         'the configuration order reversed reverses the global order');
ok t_cmp($site->[1], 'a,c,d,b',
         'the configuration order reversed reverses the site order');

# A filter's own priority flag, with no argument.
($main, $site) = orders(<<'EOC');
ISAPIFilter filters/cb_chain_a.so
<VirtualHost 127.0.0.1:@VPORT@>
    ISAPIFilter filters/cb_chain_b.so
    ISAPIFilter filters/cb_chain_d.so
</VirtualHost>
EOC
ok t_cmp($site->[1], 'd,b,a',
         'without an argument each filter\'s own priority counts: d HIGH, '
         . 'b MEDIUM, then the global a at LOW');
ok t_cmp($main->[1], 'a', 'site filters never run for the main server');

# Two sites: each sees the global filters and only its own.
my $v2 = free_port();
($main, $site) = orders(<<"EOC");
Listen 127.0.0.1:$v2
ISAPIFilter filters/cb_chain_a.so
<VirtualHost 127.0.0.1:\@VPORT\@>
    ISAPIFilter filters/cb_chain_b.so
</VirtualHost>
<VirtualHost 127.0.0.1:$v2>
    ISAPIFilter filters/cb_chain_d.so
</VirtualHost>
EOC
ok t_cmp($site->[1], 'b,a',
         'a site sees the global filters and its own, not another site\'s');
